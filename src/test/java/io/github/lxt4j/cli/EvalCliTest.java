package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j eval} end to end on the embedded demo model, and its errors (exit code 2, a clear message). */
class EvalCliTest {

    @TempDir
    Path tmp;

    private static CliRun eval(String... args) {
        return CliRun.command("eval", args);
    }

    private static void assertFails(String expected, String... args) {
        CliRun r = eval(args);
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    private Path dataset(String... lines) throws IOException {
        Path f = tmp.resolve("data.jsonl");
        Files.write(f, List.of(lines));
        return f;
    }

    private static double in(JsonNode n, String key, double lo, double hi) {
        double v = n.get(key).asDouble();
        assertTrue(
                n.get(key).isNumber() && v >= lo && v <= hi,
                key + " = " + n.get(key) + " outside [" + lo + ", " + hi + "]");
        return v;
    }

    @Test
    void demoModelFirstTwentyPromptsAsJson() throws Exception {
        CliRun r = eval("--limit", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode setup = j.get("setup");
        assertEquals(20, setup.get("prompts").asInt());
        assertEquals("<unk>", setup.get("baseline_token").asText());
        assertEquals(10, setup.get("steps").asInt());
        assertEquals(20, j.get("answered").asInt());
        assertEquals(j.get("correct").asDouble() / 20, in(j, "accuracy", 0.5, 1), 1e-12);
        for (String m : new String[] {"attnlrp", "cp-lrp", "gradient-x-input"}) {
            JsonNode s = j.get("methods").get(m);
            assertEquals(20, s.get("examples").asInt());
            assertEquals(20, s.get("sourced").asInt());
            double hit1 = in(s, "hit@1", 0, 1);
            assertTrue(in(s, "hit@3", hit1, 1) >= hit1);
            double morf = in(s, "auc_morf", -1e3, 1e3);
            double lerf = in(s, "auc_lerf", -1e3, 1e3);
            assertEquals(lerf - morf, s.get("abpc").asDouble(), 1e-9);
            in(s, "auc_morf_probability", 0, 1);
            in(s, "auc_lerf_probability", 0, 1);
            in(s, "abpc_probability", -1, 1);
            assertTrue(in(s, "conservation_error_max", 0, 1e3) >= in(s, "conservation_error_mean", 0, 1e3));
        }
        assertTrue(j.get("methods").get("attnlrp").get("abpc").asDouble() > 0, "AttnLRP is faithful here");
        assertTrue(
                j.get("methods").get("cp-lrp").get("conservation_error_max").asDouble() < 1e-3,
                "CP-LRP conserves on this bias-free model");
        assertTrue(
                r.err().contains("[eval] attnlrp 20/20") && r.err().contains("[eval] gradient-x-input 20/20"), r.err());
    }

    @Test
    void tableWithChosenMethodsAndMetrics() {
        CliRun r = eval("--limit", "4", "--methods", "cp-lrp", "--metrics", "hit@2,accuracy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accuracy"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("method\\s+hit@2")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("cp-lrp\\s+[01]\\.\\d{3}")), r.out());
        assertTrue(!r.out().contains("attnlrp") && !r.out().contains("ABPC"), r.out());
    }

    @Test
    void defaultMetricsAreNotApplicableWithoutTheirFields() throws Exception {
        Path data = dataset("{\"prompt\": \"alice likes red . bob likes blue . carol likes gold . dave likes figs ."
                + " erin likes pink . frank likes plums . so dave likes\"}");
        CliRun r = eval(
                "--dataset",
                data.toString(),
                "--methods",
                "attnlrp",
                "--json",
                "--steps",
                "3",
                "--baseline-token",
                "<pad>");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("accuracy").isNull());
        assertEquals(0, j.get("answered").asInt());
        JsonNode s = j.get("methods").get("attnlrp");
        assertTrue(s.get("hit@1").isNull() && s.get("hit@3").isNull());
        assertEquals(0, j.get("setup").get("baseline_token_id").asInt());
        assertTrue(s.get("abpc").isNumber());
    }

    @Test
    void badDatasetsAreNamedByFileLineAndField() throws Exception {
        assertFails(
                "dataset file not found", "--dataset", tmp.resolve("nope.jsonl").toString());
        Path bad = dataset("{\"prompt\": \"so dave likes\"}", "{\"prompt\": ");
        assertFails("data.jsonl:2: not valid JSON", "--dataset", bad.toString());
        Path far = dataset("{\"prompt\": \"so dave likes\", \"source_position\": 9}");
        assertFails(
                "data.jsonl:1: source_position 9 is outside the prompt's ranked positions 1..3",
                "--dataset",
                far.toString());
        Path bos = dataset("{\"prompt\": \"so dave likes\", \"source_position\": 0}");
        assertFails("source_position 0 is outside", "--dataset", bos.toString());
        Path noAnswer = dataset("{\"prompt\": \"so dave likes\", \"source_position\": 2}");
        assertFails(
                "data.jsonl:1: metric accuracy needs 'answer'",
                "--dataset",
                noAnswer.toString(),
                "--metrics",
                "hit@1,accuracy");
        assertFails("no --dataset given", "--model", Fixtures.dir("llama-tiny").toString());
    }

    @Test
    void badOptionsAreRejected() throws Exception {
        assertFails("unknown method 'lime'", "--methods", "attnlrp,lime");
        assertFails("unknown metric 'auc'", "--metrics", "hit@1,auc");
        assertFails("--steps must be >= 1", "--steps", "0");
        assertFails("--limit must be >= 1", "--limit", "0");
        assertFails("token 'zebra' is not in the vocabulary", "--baseline-token", "zebra", "--limit", "1");
        assertFails(
                "baseline token id 999 is outside the model's vocabulary [0, 51)",
                "--baseline-token",
                "999",
                "--limit",
                "1");
        Path one = dataset("{\"prompt\": \"translate: a house\"}");
        assertFails(
                "eval supports causal LMs (llama, mixtral",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "--dataset",
                one.toString());
    }
}
