package io.github.lxt4j.cli;

import static io.github.lxt4j.cli.JsonlData.fields;
import static io.github.lxt4j.cli.JsonlData.line;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code lxt4j explain --prompts --jsonl} on a T5 model: each line equals {@link T5Explainer#explain}; errors. */
class Seq2SeqJsonlCliTest {
    private static final String CAT = "the cat sat on the mat";
    private static final String DOG = "a dog ran to the park";
    private static final String HOUSE = "the big red house";

    @TempDir
    Path tmp;

    @Test
    void eachLineEqualsTheExplainerOnItsSourceAndPrefix() throws Exception {
        Path dir = T5Folder.write(tmp, "t5");
        String[] sources = {CAT, DOG, HOUSE, CAT, DOG};
        String[] prefixes = {"the cat", "", "", "a small dog", ""};
        Object[] targets = {null, null, "blue", 7, null};
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"),
                line(fields("id", 1, "source", CAT, "target_prefix", "the cat")),
                '"' + DOG + '"',
                "",
                line(fields("id", "x", "prompt", HOUSE, "target", "blue")),
                line(fields("id", null, "source", CAT, "target_prefix", "a small dog", "target", 7)),
                line(fields("source", DOG, "target_prefix", null, "note", "ignored")));
        try (TensorScope s = TensorScope.open();
                T5Explainer t5 = new T5Explainer(
                        T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32),
                        HfTokenizer.open(dir))) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                Path out = tmp.resolve(m.cliName() + ".jsonl");
                CliRun r = CliRun.command(
                        "explain",
                        "--model",
                        dir.toString(),
                        "--prompts",
                        in.toString(),
                        "--jsonl",
                        out.toString(),
                        "--method",
                        m.cliName());
                assertEquals(0, r.code(), r.err());
                assertTrue(
                        r.err().contains("[explain] 1 lines done")
                                && r.err().contains("[explain] 5 lines done")
                                && r.err().contains("wrote 5 lines to " + out),
                        r.err());
                List<JsonNode> res = JsonlData.results(out);
                assertEquals(sources.length, res.size());
                for (int i = 0; i < sources.length; i++) {
                    String what = m.cliName() + " line " + (i + 1);
                    Target t = targets[i] == null
                            ? Target.argmax()
                            : Target.token(
                                    targets[i].equals("blue")
                                            ? t5.tokenizer().id("blue")
                                            : ((Integer) targets[i]).longValue());
                    Seq2SeqExplanation alone = t5.explain(sources[i], prefixes[i], t, m);
                    JsonNode n = res.get(i);
                    assertEquals(sources[i], n.get("source").textValue(), what);
                    assertEquals(prefixes[i], n.get("target_prefix").textValue(), what);
                    assertEquals(m.cliName(), n.get("method").textValue());
                    assertArrayEquals(alone.sourceTokens(), strings(n.get("source_tokens")), what);
                    assertArrayEquals(alone.decoderTokens(), strings(n.get("decoder_tokens")), what);
                    assertEquals(sources[i] + " </s>", String.join("", strings(n.get("source_text"))), what);
                    assertEquals(("<pad> " + prefixes[i]).trim(), String.join("", strings(n.get("decoder_text"))));
                    Compare.relevance32(
                            what + " source", JsonlData.doubles(n.get("source_relevance")), alone.sourceRelevance());
                    Compare.relevance32(
                            what + " decoder", JsonlData.doubles(n.get("decoder_relevance")), alone.decoderRelevance());
                    JsonNode target = n.get("target");
                    assertEquals(alone.targetIds()[0], target.get("id").longValue(), what);
                    long id = alone.targetIds()[0];
                    assertEquals(
                            id < t5.tokenizer().vocabSize() ? t5.tokenizer().token(id) : null,
                            target.get("token").textValue(),
                            what);
                    assertEquals(
                            alone.targetValue(),
                            target.get("logit").doubleValue(),
                            1e-4 * Math.max(1, Math.abs(alone.targetValue())),
                            what);
                    assertEquals(
                            sum(n.get("source_relevance")) + sum(n.get("decoder_relevance")),
                            n.get("total_relevance").doubleValue(),
                            1e-9,
                            what);
                }
                assertEquals(1, res.get(0).get("id").intValue());
                assertFalse(res.get(1).has("id"), "a bare string line has no id");
                assertEquals("x", res.get(2).get("id").textValue());
                assertTrue(res.get(3).get("id").isNull(), "an explicit null id is echoed");
                assertFalse(res.get(4).has("id"));
                assertEquals("blue", res.get(2).get("target").get("token").textValue(), "target by token string");
                assertEquals(7, res.get(3).get("target").get("id").intValue(), "target by id");
                assertTrue(
                        res.stream().anyMatch(n -> n.get("target").get("token").isNull()),
                        "an argmax past the tokenizer's 21 ids has a null token");
            }
        }
    }

    private static String[] strings(JsonNode array) throws Exception {
        return JsonlData.JSON.treeToValue(array, String[].class);
    }

    private static double sum(JsonNode array) {
        double s = 0;
        for (double v : JsonlData.doubles(array)) {
            s += v;
        }
        return s;
    }

    @Test
    void mt5StreamsFromStdinToStdout() {
        Path dir = T5Folder.write(tmp, "mt5");
        String input = line(fields("id", 3, "source", HOUSE)) + "\n" + '"' + CAT + "\"\n";
        CliRun r = JsonlData.withStdin(input, "--model", dir.toString(), "--prompts", "-", "--jsonl", "-");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> res = JsonlData.results(r.out());
        assertEquals(2, r.out().split("\n").length, "nothing but result lines on stdout: " + r.out());
        assertEquals(3, res.get(0).get("id").intValue());
        assertEquals(CAT, res.get(1).get("source").textValue());
        assertEquals("", res.get(1).get("target_prefix").textValue());
        assertTrue(r.err().contains("wrote 2 lines to stdout"), r.err());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"source\": \"" + CAT + "\", oops}", ":2: not valid JSON"),
                Arguments.of("{\"id\": 2}", ":2: field 'source' must be a non-empty string, found nothing"),
                Arguments.of("{\"prompt\": \" \"}", ":2: field 'prompt' must be a non-empty string, found \" \""),
                Arguments.of(
                        "[1]",
                        ":2: expected a JSON object with a \"source\" field, or a JSON string," + " found ARRAY"),
                Arguments.of(
                        line(fields("source", CAT, "prompt", DOG)),
                        ":2: give the source as 'source' or as 'prompt', not both"),
                Arguments.of(
                        line(fields("source", CAT, "target_prefix", 5)),
                        ":2: field 'target_prefix' must be a string, \"\" for none, found 5"),
                Arguments.of(
                        line(fields("source", CAT, "target_prefix", "  ")),
                        ":2: field 'target_prefix' must be a string, \"\" for none, found \"  \""),
                Arguments.of(
                        line(fields("source", CAT, "target", "zebra")),
                        ":2: target 'zebra' is not in the" + " vocabulary"),
                Arguments.of(
                        line(fields("source", CAT, "target", 320)),
                        ":2: target token id 320 is outside the vocabulary [0, 320)"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineNamesItsNumberAfterTheLinesBeforeIt(String bad, String expected) {
        Path dir = T5Folder.write(tmp, "t5");
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"), line(fields("id", 1, "source", CAT)), bad, line(fields("source", DOG)));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command(
                "explain", "--model", dir.toString(), "--prompts", in.toString(), "--jsonl", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("error: " + in + expected), r.err());
        List<JsonNode> written = JsonlData.results(out);
        assertEquals(1, written.size(), "the line before the bad one is written, nothing after it");
        assertEquals(1, written.get(0).get("id").intValue());
    }

    @Test
    void batchSizeAndAMissingTokenizerAreRejected() throws Exception {
        Path dir = T5Folder.write(tmp, "t5");
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), '"' + CAT + '"');
        CliRun batch = CliRun.command(
                "explain", "--model", dir.toString(), "--prompts", in.toString(), "--jsonl", "-", "--batch-size", "2");
        assertEquals(2, batch.code(), batch.err());
        assertTrue(
                batch.err()
                        .contains("error: --batch-size is for decoder LMs: T5 lines are explained one at a" + " time"),
                batch.err());
        Files.delete(dir.resolve("tokenizer.json"));
        CliRun bare = CliRun.command("explain", "--model", dir.toString(), "--prompts", in.toString(), "--jsonl", "-");
        assertEquals(2, bare.code(), bare.err());
        assertTrue(
                bare.err()
                        .contains("error: --prompts/--jsonl needs the model's tokenizer.json, which " + dir + " lacks"),
                bare.err());
    }
}
