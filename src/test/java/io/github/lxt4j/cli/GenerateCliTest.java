package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.explain.GenerationAttribution;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j generate} on the embedded demo model: terminal rows, the HTML matrix and the saved JSON. */
class GenerateCliTest {

    @TempDir
    Path tmp;

    /** The demo prompt: "<s>", six facts of four tokens, "so dave likes"; its first greedy token is "figs" (see ExplainCommandTest). */
    private static final int DEMO_PROMPT_TOKENS = 28;

    @Test
    void demoGenerationWritesTheMatrixAndTheJson() throws Exception {
        Path html = tmp.resolve("m.html");
        Path json = tmp.resolve("m.json");
        CliRun r = CliRun.command(
                "generate", "--max-new-tokens", "2", "--html", html.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out().lines().filter(l -> l.startsWith("→ ")).toArray(String[]::new);
        assertEquals(2, rows.length, r.out());
        assertTrue(rows[0].startsWith("→ 'figs'"), rows[0]);
        assertFalse(r.out().contains("\u001b["), "no colours when stdout is not a terminal");
        JsonNode saved = new ObjectMapper().readTree(json.toFile());
        assertEquals(GenerationJson.FORMAT, saved.get("format").asText());
        assertEquals(DEMO_PROMPT_TOKENS, saved.get("prompt_length").asInt());
        assertEquals(2, saved.get("steps").size());
        assertEquals("figs", saved.get("steps").get(0).get("token").asText());
        for (int k = 0; k < 2; k++) {
            JsonNode step = saved.get("steps").get(k);
            assertEquals(DEMO_PROMPT_TOKENS + k, step.get("relevance").size());
            double p = step.get("probability").asDouble();
            assertTrue(p > 0 && p <= 1, "probability " + p);
            assertTrue(rows[k].contains(String.format(java.util.Locale.ROOT, "p=%.3f", p)), rows[k]);
        }
        String page = Files.readString(html);
        String body = page.substring(page.indexOf("<tbody>"), page.indexOf("</tbody>"));
        assertEquals(2, body.split("<tr>", -1).length - 1);
        assertEquals(2 * DEMO_PROMPT_TOKENS + 1, body.split("class=\"cell\"", -1).length - 1);
        GenerationAttribution back = GenerationJson.read(json).result();
        assertEquals(2, back.steps());
        assertArrayEquals(
                saved.get("steps")
                        .get(1)
                        .get("relevance")
                        .traverse(new ObjectMapper())
                        .readValueAs(double[].class),
                back.relevance()[1],
                0);
    }

    @Test
    void contrastTakesATokenStringAndExistingFilesAreReported() throws Exception {
        Path json = tmp.resolve("c.json");
        Files.writeString(json, "old");
        CliRun r = CliRun.command("generate", "--max-new-tokens", "1", "--contrast", "red", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("explains: p(token) - p(contrast) (contrast 'red'"), r.out());
        assertTrue(r.out().contains("replacing " + json.toAbsolutePath()), r.out());
        JsonNode saved = new ObjectMapper().readTree(json.toFile());
        assertEquals("red", saved.get("contrast").get("token").asText());
        JsonNode step = saved.get("steps").get(0);
        assertTrue(step.get("target_value").asDouble() < step.get("probability").asDouble());
    }

    @Test
    void wordsAggregateColumnsAndBadRequestsFailClearly() {
        CliRun words = CliRun.command("generate", "--max-new-tokens", "1", "--aggregate", "words", "--no-color");
        assertEquals(0, words.code(), words.err());
        CliRun unknown = CliRun.command("generate", "--max-new-tokens", "1", "--contrast", "zebra-tokens");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("zebra-tokens"), unknown.err());
        CliRun t5 =
                CliRun.command("generate", "--model", Fixtures.dir("t5-gated").toString(), "x");
        assertEquals(2, t5.code());
        assertTrue(t5.err().contains("generate needs a causal LM"), t5.err());
        CliRun zero = CliRun.command("generate", "--max-new-tokens", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("at least 1"), zero.err());
    }
}
