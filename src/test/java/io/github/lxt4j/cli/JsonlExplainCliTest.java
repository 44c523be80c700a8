package io.github.lxt4j.cli;

import static io.github.lxt4j.cli.JsonlData.FOUR_FACTS;
import static io.github.lxt4j.cli.JsonlData.PINK;
import static io.github.lxt4j.cli.JsonlData.SIX_FACTS;
import static io.github.lxt4j.cli.JsonlData.TWO_FACTS;
import static io.github.lxt4j.cli.JsonlData.fields;
import static io.github.lxt4j.cli.JsonlData.line;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j explain --prompts --jsonl} end to end on the demo model: files, pipes, batches, targets. */
class JsonlExplainCliTest {

    @TempDir
    Path tmp;

    private static CliRun explain(String... args) {
        CliRun r = CliRun.command("explain", args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return r;
    }

    @Test
    void idsEchoedAndOrderKeptAcrossBatchBoundaries() {
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"),
                line(fields("id", 7, "prompt", SIX_FACTS)),
                "",
                '"' + TWO_FACTS + '"',
                line(fields("id", "b", "prompt", FOUR_FACTS, "note", "ignored")),
                "   ",
                line(fields("id", Map.of("row", List.of(1, 2)), "prompt", TWO_FACTS)),
                line(fields("id", null, "prompt", SIX_FACTS)));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = explain("--prompts", in.toString(), "--jsonl", out.toString(), "--batch-size", "2");
        assertEquals("", r.out(), "stdout stays empty when the results go to a file");
        assertTrue(
                r.err().contains("[explain] 2 lines done")
                        && r.err().contains("[explain] 4 lines done")
                        && r.err().contains("[explain] 5 lines done")
                        && r.err().contains("wrote 5 lines to " + out),
                r.err());

        List<JsonNode> res = JsonlData.results(out);
        assertEquals(5, res.size());
        assertEquals(7, res.get(0).get("id").intValue());
        assertFalse(res.get(1).has("id"), "a bare string line has no id");
        assertEquals("b", res.get(2).get("id").textValue());
        assertEquals(
                JsonlData.JSON.valueToTree(Map.of("row", List.of(1, 2))),
                res.get(3).get("id"));
        assertTrue(res.get(4).has("id") && res.get(4).get("id").isNull(), "an explicit null id is echoed");
        String[] prompts = {SIX_FACTS, TWO_FACTS, FOUR_FACTS, TWO_FACTS, SIX_FACTS};
        for (int i = 0; i < res.size(); i++) {
            JsonNode n = res.get(i);
            assertEquals(prompts[i], n.get("prompt").textValue());
            assertEquals("attnlrp", n.get("method").textValue());
            int len = n.get("tokens").size();
            assertEquals(prompts[i].split(" ").length + 1, len, "<s> plus one token a word");
            assertEquals(len, n.get("ids").size());
            assertEquals(len, n.get("relevance").size());
            StringBuilder text = new StringBuilder();
            n.get("text").forEach(t -> text.append(t.textValue()));
            assertEquals("<s> " + prompts[i], text.toString(), "cleaned tokens join to the text");
            double sum = 0;
            for (double v : JsonlData.doubles(n.get("relevance"))) {
                sum += v;
            }
            assertEquals(sum, n.get("total_relevance").doubleValue(), 1e-9);
            assertTrue(n.get("target").get("logit").isNumber()
                    && n.get("target").get("id").isIntegralNumber());
        }
        assertEquals("figs", res.get(0).get("target").get("token").textValue());
        assertEquals(
                "figs",
                res.get(0).get("tokens").get(argmax(res.get(0), 1)).textValue(),
                "the answer's source is the most relevant token");
    }

    private static int argmax(JsonNode n, int from) {
        double[] r = JsonlData.doubles(n.get("relevance"));
        int best = from;
        for (int i = from; i < r.length; i++) {
            best = r[i] > r[best] ? i : best;
        }
        return best;
    }

    @Test
    void stdinToStdoutCarriesOnlyResultLines() {
        String input = line(fields("id", 1, "prompt", SIX_FACTS)) + "\n" + '"' + TWO_FACTS + "\"\n";
        CliRun r = JsonlData.withStdin(input, "--prompts", "-", "--jsonl", "-", "--method", "cp-lrp");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("\n"), "every line ends with a newline");
        List<JsonNode> res = JsonlData.results(r.out());
        assertEquals(2, r.out().split("\n").length, "nothing but result lines on stdout: " + r.out());
        assertEquals(1, res.get(0).get("id").intValue());
        assertEquals(TWO_FACTS, res.get(1).get("prompt").textValue());
        assertEquals("cp-lrp", res.get(1).get("method").textValue());
        assertTrue(r.err().contains("[explain] 2 lines done") && r.err().contains("wrote 2 lines to stdout"), r.err());
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        CliRun r = JsonlData.withStdin("\n\n", "--prompts", "-", "--jsonl", "-");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("wrote 0 lines to stdout"), r.err());
    }

    /** Mixed lengths and targets in batches of three equal each prompt explained alone, for every method. */
    @Test
    void batchedLinesEqualEachPromptAlone() throws Exception {
        String[] prompts = {TWO_FACTS, SIX_FACTS, FOUR_FACTS, SIX_FACTS, TWO_FACTS};
        Object[] targets = {null, PINK, "pink", null, "figs"};
        String[] lines = new String[prompts.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = targets[i] == null
                    ? line(fields("prompt", prompts[i]))
                    : line(fields("prompt", prompts[i], "target", targets[i]));
        }
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), lines);
        Path dir = DemoModel.folder();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32), HfTokenizer.open(dir))) {
            long figs = ex.tokenizer().id("figs");
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                Path out = tmp.resolve(m.cliName() + ".jsonl");
                explain(
                        "--prompts",
                        in.toString(),
                        "--jsonl",
                        out.toString(),
                        "--batch-size",
                        "3",
                        "--method",
                        m.cliName());
                List<JsonNode> res = JsonlData.results(out);
                assertEquals(prompts.length, res.size());
                for (int i = 0; i < prompts.length; i++) {
                    Target t = targets[i] == null
                            ? Target.argmax()
                            : Target.token(targets[i].equals("figs") ? figs : PINK);
                    Explanation alone = ex.explain(prompts[i], t, m);
                    JsonNode n = res.get(i);
                    String what = m.cliName() + " line " + (i + 1);
                    assertArrayEquals(alone.ids(), JsonlData.JSON.treeToValue(n.get("ids"), long[].class), what);
                    assertArrayEquals(alone.tokens(), JsonlData.JSON.treeToValue(n.get("tokens"), String[].class));
                    Compare.relevance32(what, JsonlData.doubles(n.get("relevance")), alone.relevance());
                    assertEquals(alone.targetIds()[0], n.get("target").get("id").longValue(), what);
                    assertEquals(
                            ex.tokenizer().token(alone.targetIds()[0]),
                            n.get("target").get("token").textValue());
                    assertEquals(
                            alone.targetValue(),
                            n.get("target").get("logit").doubleValue(),
                            1e-4 * Math.max(1, Math.abs(alone.targetValue())),
                            what);
                }
                assertEquals(PINK, res.get(1).get("target").get("id").longValue(), "target by id");
                assertEquals(PINK, res.get(2).get("target").get("id").longValue(), "target by token string");
                assertEquals("figs", res.get(4).get("target").get("token").textValue());
            }
        }
    }
}
