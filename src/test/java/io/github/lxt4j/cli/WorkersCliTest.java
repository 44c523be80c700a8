package io.github.lxt4j.cli;

import static io.github.lxt4j.cli.JsonlData.fields;
import static io.github.lxt4j.cli.JsonlData.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --workers N} in the JSON Lines mode and {@code eval}: the output equals that of one worker line for line (demo
 * model, a sequence classifier, T5), with and without batches, and eval's report is the same; a bad line in the middle stops the run exactly as with one
 * worker; bad values exit with 2 naming the option; {@code bench --workers} reports both rates.
 */
class WorkersCliTest {

    @TempDir
    Path tmp;

    /** The first {@code n} prompts of the demo model's eval set, as {@code {"id": i, "prompt": ...}} lines. */
    private static List<String> demoPrompts(int n) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> eval = Files.readAllLines(DemoModel.folder().resolve("eval.jsonl"));
        for (int i = 0; i < n; i++) {
            String prompt = JsonlData.JSON.readTree(eval.get(i)).get("prompt").textValue();
            out.add(line(fields("id", i, "prompt", prompt)));
        }
        return out;
    }

    private CliRun run(Path in, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", "--prompts", in.toString(), "--jsonl", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private List<String> explained(Path in, String name, String... more) throws IOException {
        Path out = tmp.resolve(name);
        CliRun r = run(in, out, more);
        assertEquals(0, r.code(), r.err());
        return Files.readAllLines(out);
    }

    @Test
    void causalLmLinesEqualOneWorkerWithAndWithoutBatches() throws IOException {
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), demoPrompts(21).toArray(String[]::new));
        List<String> one = explained(in, "one.jsonl", "--batch-size", "1");
        assertEquals(21, one.size());
        assertEquals(one, explained(in, "two.jsonl", "--batch-size", "1", "--workers", "2"));
        List<String> batchedOne = explained(in, "b1.jsonl", "--batch-size", "4", "--method", "cp-lrp");
        List<String> batchedThree =
                explained(in, "b3.jsonl", "--batch-size", "4", "--method", "cp-lrp", "--workers", "3");
        assertEquals(batchedOne, batchedThree, "batches of 4 on 3 workers");
        for (int i = 0; i < 21; i++) {
            assertEquals(
                    i, JsonlData.JSON.readTree(batchedThree.get(i)).get("id").intValue(), "input order");
        }
    }

    @Test
    void aBadLineInTheMiddleStopsTheRunAsWithOneWorker() throws IOException {
        List<String> lines = demoPrompts(13);
        lines.set(9, "{\"prompt\": oops}");
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), lines.toArray(String[]::new));
        Path outOne = tmp.resolve("one.jsonl");
        Path outTwo = tmp.resolve("two.jsonl");
        CliRun one = run(in, outOne, "--batch-size", "2");
        CliRun two = run(in, outTwo, "--batch-size", "2", "--workers", "2");
        assertEquals(2, one.code(), one.err());
        assertEquals(one.code(), two.code(), two.err());
        String error = one.err()
                .lines()
                .filter(l -> l.startsWith("error: "))
                .findFirst()
                .orElseThrow();
        assertTrue(error.contains(in + ":10: not valid JSON"), error);
        assertTrue(two.err().contains(error), two.err());
        List<String> written = Files.readAllLines(outOne);
        assertEquals(9, written.size(), "the nine lines before the bad one");
        assertEquals(written, Files.readAllLines(outTwo));
    }

    @Test
    void aSequenceClassifierAndT5EqualOneWorker() throws IOException {
        Path prompts = JsonlData.write(
                tmp.resolve("p.jsonl"),
                "\"the movie was great\"",
                "{\"prompt\": \"a terrible, boring film\", \"target\": \"LABEL_2\"}",
                "\"it was fun\"",
                "\"not my kind of film at all\"",
                "\"great\"");
        String[] bert = {"--model", Fixtures.dir("bert-tiny-cls").toString(), "--tokenizer", ClassifierCliTest.TOKENIZER
        };
        List<String> one = explained(prompts, "c1.jsonl", concat(bert, "--batch-size", "2"));
        assertEquals(5, one.size());
        assertEquals(one, explained(prompts, "c2.jsonl", concat(bert, "--batch-size", "2", "--workers", "2")));

        Path t5 = T5Folder.write(tmp, "t5");
        Path sources = JsonlData.write(
                tmp.resolve("s.jsonl"),
                line(fields("id", 1, "source", "the cat sat on the mat", "target_prefix", "the cat")),
                line(fields("id", 2, "source", "a small dog ran")),
                line(fields("id", 3, "source", "the house is blue", "target", "blue")));
        String[] model = {"--model", t5.toString()};
        List<String> t5One = explained(sources, "t1.jsonl", model);
        assertEquals(3, t5One.size());
        assertEquals(t5One, explained(sources, "t2.jsonl", concat(model, "--workers", "2")));
    }

    @Test
    void evalReportEqualsOneWorker() {
        String[] args = {"eval", "--limit", "16", "--methods", "attnlrp,gradient-x-input", "--batch-size", "4", "--json"
        };
        CliRun one = CliRun.of(args);
        assertEquals(0, one.code(), one.err());
        CliRun two = CliRun.of(concat(args, "--workers", "2"));
        assertEquals(0, two.code(), two.err());
        assertEquals(one.out(), two.out());
        assertTrue(one.out().contains("\"prompts\" : 16"), one.out());
        CliRun zero = CliRun.of(concat(args, "--workers", "0"));
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("error: --workers must be >= 1, got 0"), zero.err());
    }

    @Test
    void benchMeasuresOneWorkerAgainstN() throws IOException {
        String[] args = {"bench", "--config", "gpt2", "--layers", "1", "--seq", "8", "--repeat", "1", "--warmup", "0"};
        CliRun r = CliRun.of(concat(args, "--workers", "2", "--json"));
        assertEquals(0, r.code(), r.err());
        var j = JsonlData.JSON.readTree(r.out());
        assertEquals(2, j.get("workers").intValue());
        assertEquals(2, j.get("threads").intValue());
        assertEquals(1, j.get("threads_per_worker").intValue());
        assertEquals(4, j.get("per_round").intValue());
        assertTrue(
                j.get("sequential_per_s").doubleValue() > 0
                        && j.get("workers_per_s").doubleValue() > 0,
                r.out());
        assertEquals(
                j.get("workers_per_s").doubleValue() / j.get("sequential_per_s").doubleValue(),
                j.get("ratio").doubleValue(),
                1e-2 * j.get("ratio").doubleValue());
        CliRun zero = CliRun.of(concat(args, "--workers", "0"));
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("error: --workers must be >= 1, got 0"), zero.err());
        assertFalse(zero.err().contains("building"), "refused before the model is built: " + zero.err());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void badValuesExitWithTwoNamingTheOption() {
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), "\"" + JsonlData.TWO_FACTS + "\"");
        Path out = tmp.resolve("out.jsonl");
        CliRun zero = run(in, out, "--workers", "0");
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("error: --workers must be >= 1, got 0"), zero.err());
        CliRun nd4j = run(in, out, "--workers", "2", "--backend", "nd4j");
        assertEquals(2, nd4j.code(), nd4j.err());
        assertTrue(nd4j.err().contains("error: --workers 2 needs the djl backend"), nd4j.err());
        CliRun word = run(in, out, "--workers", "two");
        assertEquals(2, word.code(), word.err());
        assertTrue(word.err().contains("--workers"), word.err());
        CliRun outside = CliRun.of("explain", "--workers", "2");
        assertEquals(2, outside.code(), outside.err());
        assertTrue(outside.err().contains("--workers belongs to the JSON Lines mode"), outside.err());
        assertFalse(Files.exists(out), "nothing is written when the options are refused");
    }
}
