package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --weights} on the loading commands, and {@code lxt4j quantize --dequantize}. */
class WeightsCliTest {

    @TempDir
    Path tmp;

    private static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return r;
    }

    private Path explain(Path model, String weights, Path in, String name, String... more) {
        Path out = tmp.resolve(name + ".safetensors");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "explain",
                "--model",
                model.toString(),
                "--inputs",
                in.toString(),
                "--output",
                out.toString(),
                "--weights",
                weights,
                "--layers"));
        args.addAll(java.util.List.of(more));
        ok(args.toArray(String[]::new));
        return out;
    }

    @Test
    void quantizedExplanationEqualsTheExplanationOfTheDequantizedCheckpoint() {
        Path model = Fixtures.dir("llama-tiny");
        Path in = BatchInputs.write("llama-tiny", tmp.resolve("in.safetensors"));
        Path deq = tmp.resolve("llama-tiny-nf4");
        CliRun q = ok("quantize", "--model", model.toString(), "--weights", "nf4", "--dequantize", deq.toString());
        assertTrue(q.out().contains("stored as nf4"), q.out());
        assertTrue(Files.isRegularFile(deq.resolve("config.json")));
        Path a = explain(model, "nf4", in, "nf4");
        Path b = explain(deq, "f32", in, "dequantized");
        Path c = explain(model, "nf4", in, "nf4-checkpointed", "--checkpoint");
        for (Path other : new Path[] {b, c}) {
            try (SafetensorsFile fa = SafetensorsFile.open(a);
                    SafetensorsFile fb = SafetensorsFile.open(other)) {
                assertEquals(fb.keys(), fa.keys());
                for (String k : fb.keys()) {
                    Compare.relevance(
                            other.getFileName() + " " + k,
                            fa.read(k).toDoubles(),
                            fb.read(k).toDoubles(),
                            1e-5,
                            0.99999);
                }
            }
        }
    }

    @Test
    void infoPrintsTheStorageBytesPerFormat() {
        CliRun r = ok("info", "--model", Fixtures.dir("llama-tiny").toString(), "--weights", "nf4");
        assertTrue(r.out().contains("storage with --weights nf4: nf4 "), r.out());
        assertTrue(r.out().contains("storage with --weights nf4: f32 "), r.out());
    }

    @Test
    void benchTakesWeights() throws Exception {
        CliRun r = ok(
                "bench",
                "--config",
                "llama-3-8b",
                "--layers",
                "1",
                "--seq",
                "8",
                "--repeat",
                "1",
                "--weights",
                "nf4",
                "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("float32, weights nf4", j.get("dtype").asText());
        assertTrue(j.get("explain_over_forward").asDouble() > 0);
    }

    @Test
    void badWeightsAreRefusedWithExitTwo() {
        CliRun unknown = CliRun.of("info", "--model", Fixtures.dir("llama-tiny").toString(), "--weights", "q3");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("q3") && unknown.err().contains("nf4"), unknown.err());
        CliRun clip = CliRun.of(
                "quantize",
                "--model",
                Fixtures.dir("openclip-tiny").toString(),
                "--weights",
                "int8",
                "--dequantize",
                tmp.resolve("x").toString());
        assertEquals(2, clip.code(), clip.err());
        assertTrue(clip.err().contains("CLIP"), clip.err());
        CliRun t5 = CliRun.of(
                "explain",
                "--model",
                Fixtures.dir("t5-gated").toString(),
                "--checkpoint",
                "--inputs",
                tmp.resolve("none.safetensors").toString(),
                "--output",
                tmp.resolve("o").toString());
        assertEquals(2, t5.code(), t5.err());
        assertTrue(t5.err().contains("--checkpoint"), t5.err());
        CliRun f32 = CliRun.of(
                "quantize",
                "--model",
                Fixtures.dir("llama-tiny").toString(),
                "--weights",
                "f32",
                "--dequantize",
                tmp.resolve("y").toString());
        assertEquals(2, f32.code(), f32.err());
    }
}
