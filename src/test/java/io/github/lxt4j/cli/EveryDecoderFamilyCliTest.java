package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI modes reach every decoder family through the causal-LM capability, with nothing per family: each fixture
 * (vocabulary 320) runs the prompt mode, the JSON Lines mode, {@code generate} and {@code show} with the 320-id
 * byte-level BPE test tokenizer. The JSON Lines batch (left-padded prompts of three lengths) equals the same lines
 * explained one at a time.
 */
class EveryDecoderFamilyCliTest {
    private static final String TOKENIZER = "src/test/resources/tokenizers/openclip-tiny/tokenizer.json";
    private static final List<String> PROMPTS =
            List.of("a photo of a cat", "a dog", "a diagram of the red house on the hill");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"qwen3-tiny", "qwen3moe-tiny", "gemma3-tiny", "phi3-tiny", "gpt2-tiny"})
    void everyModeServesTheFamily(String fixture) throws Exception {
        String model = Fixtures.dir(fixture).toString();
        CliRun prompt = CliRun.command(
                "explain",
                "--model",
                model,
                "--tokenizer",
                TOKENIZER,
                "--html",
                tmp.resolve("h.html").toString(),
                PROMPTS.get(0));
        assertEquals(0, prompt.code(), prompt.err());
        assertTrue(Files.readString(tmp.resolve("h.html")).contains("photo"), "the heatmap shows the prompt");

        Path in = tmp.resolve("in.jsonl");
        Files.write(in, PROMPTS.stream().map(p -> "{\"prompt\": \"" + p + "\"}").toList());
        JsonNode[] batch = jsonl(model, in, "3");
        JsonNode[] single = jsonl(model, in, "1");
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertEquals(
                    single[i].get("target").get("id").asLong(),
                    batch[i].get("target").get("id").asLong());
            JsonNode a = single[i].get("relevance");
            JsonNode b = batch[i].get("relevance");
            assertEquals(a.size(), b.size(), fixture + " line " + i);
            double max = 0;
            for (JsonNode v : a) {
                max = Math.max(max, Math.abs(v.asDouble()));
            }
            for (int t = 0; t < a.size(); t++) {
                assertEquals(
                        a.get(t).asDouble(), b.get(t).asDouble(), 1e-4 * max, fixture + " line " + i + " token " + t);
            }
        }

        Path json = tmp.resolve("g.json");
        CliRun gen = CliRun.command(
                "generate",
                "--model",
                model,
                "--tokenizer",
                TOKENIZER,
                "--max-new-tokens",
                "2",
                "--json",
                json.toString(),
                PROMPTS.get(1));
        assertEquals(0, gen.code(), gen.err());
        JsonNode saved = new ObjectMapper().readTree(json.toFile());
        int promptLength = saved.get("prompt_length").asInt();
        for (int k = 0; k < saved.get("steps").size(); k++) {
            assertEquals(
                    promptLength + k, saved.get("steps").get(k).get("relevance").size());
        }
        CliRun show = CliRun.command("show", json.toString());
        assertEquals(0, show.code(), show.err());
    }

    private JsonNode[] jsonl(String model, Path in, String batchSize) throws Exception {
        Path out = tmp.resolve("out-" + batchSize + ".jsonl");
        CliRun r = CliRun.command(
                "explain",
                "--model",
                model,
                "--tokenizer",
                TOKENIZER,
                "--prompts",
                in.toString(),
                "--jsonl",
                out.toString(),
                "--batch-size",
                batchSize);
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(out).stream()
                .map(l -> {
                    try {
                        return json.readTree(l);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(JsonNode[]::new);
    }
}
