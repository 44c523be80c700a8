package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 7: size checks use exact arithmetic: a huge configured context does not overflow into a refusal. */
class ExactArithmeticCliTest {
    private static final long TWO_TO_62 = 1L << 62;

    @TempDir
    Path tmp;

    @Test
    void thePromptPreCheckDoesNotOverflowOnAHugeContext() {
        String prompt = "x".repeat(123);
        assertNull(PromptLength.tooLong(prompt, TWO_TO_62));
        assertNull(PromptLength.tooLong(prompt, Long.MAX_VALUE));
        assertTrue(PromptLength.tooLong("x".repeat(129), 2).contains("(128)"), "small contexts still refuse");
    }

    @Test
    void aModelWithAHugeMaxPositionEmbeddingsExplainsAShortPrompt() {
        Path model = KvFolder.withConfig(tmp.resolve("m"), c -> c.put("max_position_embeddings", TWO_TO_62));
        Path prompts = JsonlData.write(tmp.resolve("p.jsonl"), JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS)));
        CliRun r =
                CliRun.command("explain", "--model", model.toString(), "--prompts", prompts.toString(), "--jsonl", "-");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, JsonlData.results(r.out()).size());
        CliRun prompt = CliRun.command(
                "explain",
                "--model",
                model.toString(),
                "--html",
                tmp.resolve("h.html").toString(),
                JsonlData.SIX_FACTS);
        assertEquals(0, prompt.code(), prompt.err());
    }

    @Test
    void aSavedGenerationWithAPromptLengthBeyondAnIntIsRefusedNotTruncated() throws Exception {
        Path json = Files.writeString(
                tmp.resolve("g.json"),
                "{\"format\": \"" + GenerationJson.FORMAT + "\","
                        + " \"method\": \"attnlrp\", \"prompt_length\": 4294967298, \"tokens\": [\"a\", \"b\", \"c\"],"
                        + " \"ids\": [1, 2, 3], \"steps\": [{\"id\": 3, \"token\": \"c\", \"probability\": 0.5,"
                        + " \"entropy\": 1.0, \"target_value\": 2.0, \"relevance\": [0.1, 0.2]}]}");
        CliRun r = CliRun.command("show", json.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().contains("field 'prompt_length' must be an integer in [0, 2147483647], got 4294967298"),
                r.err());
    }
}
