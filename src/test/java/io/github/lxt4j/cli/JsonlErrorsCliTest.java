package io.github.lxt4j.cli;

import static io.github.lxt4j.cli.JsonlData.SIX_FACTS;
import static io.github.lxt4j.cli.JsonlData.TWO_FACTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error of the JSON Lines mode exits with 2 and names the file (or stdin) and the line; the lines before a bad
 * one are written whole.
 */
class JsonlErrorsCliTest {

    @TempDir
    Path tmp;

    private static void assertFails(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains("error: " + expected), "expected 'error: " + expected + "' in: " + r.err());
    }

    private Path in(String... lines) {
        return JsonlData.write(tmp.resolve("in.jsonl"), lines);
    }

    private static String prompt(String p) {
        return JsonlData.line(Map.of("prompt", p));
    }

    private static String withTarget(Object target) {
        return JsonlData.line(Map.of("prompt", TWO_FACTS, "target", target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "8"})
    void invalidJsonStopsTheRunAfterTheLinesBeforeIt(String batchSize) {
        Path in = in(prompt(SIX_FACTS), '"' + TWO_FACTS + '"', "{\"prompt\": oops}", prompt(SIX_FACTS));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command(
                "explain", "--prompts", in.toString(), "--jsonl", out.toString(), "--batch-size", batchSize);
        assertFails(r, in + ":3: not valid JSON: Unrecognized token 'oops'");
        List<JsonNode> written = JsonlData.results(out);
        assertEquals(2, written.size(), "the two lines before the bad one are written, nothing after it");
        assertEquals(TWO_FACTS, written.get(1).get("prompt").textValue());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("{\"id\": 2}", ":2: field 'prompt' must be a non-empty string, found nothing"),
                Arguments.of("{\"prompt\": \"  \"}", ":2: field 'prompt' must be a non-empty string, found \"  \""),
                Arguments.of("{\"prompt\": 5}", ":2: field 'prompt' must be a non-empty string, found 5"),
                Arguments.of(
                        "[\"" + TWO_FACTS + "\"]",
                        ":2: expected a JSON object with a \"prompt\" field, or a JSON" + " string, found ARRAY"),
                Arguments.of("{\"prompt\": \"a\", \"prompt\": \"b\"}", ":2: not valid JSON: Duplicate field 'prompt'"),
                Arguments.of(withTarget("figs dates"), ":2: target 'figs dates' is 2 tokens [figs, <unk>]"),
                Arguments.of(withTarget("mango"), ":2: target 'mango' is not in the vocabulary"),
                Arguments.of(withTarget(51), ":2: target token id 51 is outside the vocabulary [0, 51)"),
                Arguments.of(withTarget(-1), ":2: target token id -1 is outside the vocabulary [0, 51)"),
                Arguments.of(
                        withTarget(1.5),
                        ":2: field 'target' must be a token id (an integer) or a token string," + " found 1.5"),
                Arguments.of(withTarget(true), ":2: field 'target' must be a token id"),
                Arguments.of(
                        prompt((TWO_FACTS + " ").repeat(12).trim()),
                        ":2: the prompt is 133 tokens, more than the model's max_position_embeddings = 128"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineNamesItsNumber(String bad, String expected) {
        Path in = in(prompt(SIX_FACTS), bad, prompt(SIX_FACTS));
        Path out = tmp.resolve("out.jsonl");
        assertFails(CliRun.command("explain", "--prompts", in.toString(), "--jsonl", out.toString()), in + expected);
        assertEquals(1, JsonlData.results(out).size());
    }

    @Test
    void stdinErrorsNameStdin() {
        CliRun r = JsonlData.withStdin('"' + TWO_FACTS + "\"\n\n{\"prompt\"\n", "--prompts", "-", "--jsonl", "-");
        assertFails(r, "stdin:3: not valid JSON");
        assertEquals(1, JsonlData.results(r.out()).size(), "the good line is on stdout, whole: " + r.out());
    }

    @Test
    void unreadableInputAndUnwritableOutput() throws Exception {
        Path in = in(prompt(SIX_FACTS));
        Path missing = tmp.resolve("missing.jsonl");
        assertFails(
                CliRun.command("explain", "--prompts", missing.toString(), "--jsonl", "-"),
                "cannot read prompts from " + missing + ": no such file or directory");
        Path noDir = tmp.resolve("no-such-dir").resolve("out.jsonl");
        assertFails(
                CliRun.command("explain", "--prompts", in.toString(), "--jsonl", noDir.toString()),
                "cannot write " + noDir + ": the folder " + noDir.getParent() + " does not exist");
        Path dir = Files.createDirectory(tmp.resolve("a-dir"));
        assertFails(
                CliRun.command("explain", "--prompts", in.toString(), "--jsonl", dir.toString()),
                "cannot write " + dir + ": it exists and is not a regular file (a folder)");
        assertFails(
                CliRun.command("explain", "--prompts", dir.toString(), "--jsonl", "-"),
                "cannot read prompts from " + dir + ": it is a directory");
        assertFails(
                CliRun.command("explain", "--prompts", in.toString(), "--jsonl", in.toString()),
                "--jsonl " + in + " is the --prompts file");
        assertEquals(List.of(prompt(SIX_FACTS)), Files.readAllLines(in), "the prompts are left as they were");
    }

    @Test
    void otherModesAndOptionsDoNotMix() {
        String p = in(prompt(SIX_FACTS)).toString();
        assertFails(
                CliRun.command("explain", "so bob likes", "--prompts", p, "--jsonl", "-"),
                "--prompts/--jsonl read the prompts from " + p + "; drop the prompt argument 'so bob likes'");
        assertFails(
                CliRun.command(
                        "explain",
                        "--prompts",
                        p,
                        "--jsonl",
                        "-",
                        "--inputs",
                        "a.safetensors",
                        "--output",
                        "b.safetensors"),
                "--prompts/--jsonl cannot be combined with --inputs");
        assertFails(
                CliRun.command("explain", "--prompts", p, "--jsonl", "-", "--target", "5"),
                "--prompts/--jsonl cannot be combined with --target (give each line a \"target\" instead)");
        assertFails(
                CliRun.command("explain", "--prompts", p, "--jsonl", "-", "--html", "h.html"),
                "--prompts/--jsonl cannot be combined with --html");
        assertFails(CliRun.command("explain", "--prompts", p), "the JSON Lines mode needs both --prompts");
        assertFails(CliRun.command("explain", "--jsonl", "-"), "the JSON Lines mode needs both --prompts");
        assertFails(
                CliRun.command("explain", "--prompts", p, "--jsonl", "-", "--batch-size", "0"),
                "--batch-size must be >= 1, got 0");
        assertFails(CliRun.command("explain", "--batch-size", "4"), "--batch-size belongs to the JSON Lines mode");
        assertFails(
                CliRun.command("explain", "--prompts", p, "--jsonl", "-", "--method", "cp-lrp-gamma"),
                "cp-lrp-gamma is for CLIP models");
    }

    @Test
    void clipIsRejected() {
        String p = in(prompt(SIX_FACTS)).toString();
        Path clip = Fixtures.dir("openclip-tiny");
        CliRun r = CliRun.command("explain", "--model", clip.toString(), "--prompts", p, "--jsonl", "-");
        assertFails(r, "--prompts/--jsonl is for causal LMs (llama, mixtral");
        assertTrue(r.err().contains("and text classifiers (") && r.err().contains("); " + clip), r.err());
    }
}
