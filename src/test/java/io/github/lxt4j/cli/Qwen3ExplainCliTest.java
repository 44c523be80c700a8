package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --inputs --output --layers} on the qwen3-tiny folder writes the fixture's keys and values. */
class Qwen3ExplainCliTest {

    @TempDir
    Path tmp;

    @Test
    void batchModeReproducesQwen3Tiny() {
        Map<String, TensorData> ref = Fixtures.reference("qwen3-tiny");
        Path in = BatchInputs.write("qwen3-tiny", tmp.resolve("in.safetensors"));
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.of(
                "explain",
                "--model",
                Fixtures.dir("qwen3-tiny").toString(),
                "--inputs",
                in.toString(),
                "--output",
                out.toString(),
                "--method",
                "attnlrp",
                "--layers");
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            Set<String> expected = new TreeSet<>();
            for (String k : ref.keySet()) {
                if (k.startsWith("attnlrp.") || k.equals("logits_last")) {
                    expected.add(k);
                }
            }
            Set<String> written = new TreeSet<>(f.keys());
            written.removeAll(Set.of("input_ids", "attention_mask"));
            assertEquals(expected, written);
            for (String k : expected) {
                if (k.equals("logits_last")) {
                    Compare.absolute(k, f.read(k).toDoubles(), ref.get(k).toDoubles(), 1e-4);
                } else {
                    Compare.relevance32(
                            "cli " + k, f.read(k).toDoubles(), ref.get(k).toDoubles());
                }
            }
        }
    }
}
