package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j quantize --save}: a bitsandbytes checkpoint that explains like {@code --weights} at load. */
class QuantizeSaveCliTest {

    @TempDir
    Path tmp;

    private Path explain(Path model, String weights, Path in, String name, String... more) {
        Path out = tmp.resolve(name + ".safetensors");
        String[] base = {
            "explain",
            "--model",
            model.toString(),
            "--inputs",
            in.toString(),
            "--output",
            out.toString(),
            "--weights",
            weights
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void saveThenExplainTheSavedCheckpoint() {
        Path model = Fixtures.dir("llama-tiny");
        Path saved = tmp.resolve("llama-tiny-nf4");
        CliRun q = CliRun.of("quantize", "--model", model.toString(), "--weights", "nf4", "--save", saved.toString());
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("stored as bitsandbytes nf4"), q.out());
        assertTrue(Files.isRegularFile(saved.resolve("config.json")));
        Path in = BatchInputs.write("llama-tiny", tmp.resolve("in.safetensors"));
        Path a = explain(model, "nf4", in, "at-load");
        Path b = explain(saved, "f32", in, "saved");
        try (SafetensorsFile fa = SafetensorsFile.open(a);
                SafetensorsFile fb = SafetensorsFile.open(b)) {
            assertEquals(fa.keys(), fb.keys());
            for (String k : fa.keys()) {
                Compare.relevance(k, fb.read(k).toDoubles(), fa.read(k).toDoubles(), 1e-6, 1 - 1e-6);
            }
        }
    }

    @Test
    void aNonEmptyFolderIsRefusedWithoutForce() throws Exception {
        Path model = Fixtures.dir("llama-tiny");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "x");
        CliRun refused = CliRun.of(
                "quantize",
                "--model",
                model.toString(),
                "--weights",
                "fp4",
                "--double-quant",
                "--save",
                out.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("not empty") && refused.err().contains("--force"), refused.err());
        CliRun forced = CliRun.of(
                "quantize",
                "--model",
                model.toString(),
                "--weights",
                "fp4",
                "--double-quant",
                "--save",
                out.toString(),
                "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("(double-quantized)"), forced.out());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")) && !Files.exists(out.resolve("notes.txt")));
    }

    @Test
    void badCombinationsExitTwo() {
        String model = Fixtures.dir("llama-tiny").toString();
        CliRun both = CliRun.of(
                "quantize",
                "--model",
                model,
                "--weights",
                "nf4",
                "--save",
                tmp.resolve("a").toString(),
                "--dequantize",
                tmp.resolve("b").toString());
        assertEquals(2, both.code(), both.err());
        CliRun bf16 = CliRun.of(
                "quantize",
                "--model",
                model,
                "--weights",
                "bf16",
                "--save",
                tmp.resolve("c").toString());
        assertEquals(2, bf16.code(), bf16.err());
        assertTrue(bf16.err().contains("nf4, fp4 or int8"), bf16.err());
        CliRun int8 = CliRun.of(
                "quantize",
                "--model",
                model,
                "--weights",
                "int8",
                "--double-quant",
                "--save",
                tmp.resolve("d").toString());
        assertEquals(2, int8.code(), int8.err());
        assertTrue(int8.err().contains("--double-quant"), int8.err());
    }
}
