package io.github.lxt4j.models.phi3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.cli.Main;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lxt4j explain --inputs/--output} on phi3-tiny: the CLI reaches Phi-3 through the registry. */
class Phi3CliTest {

    @TempDir
    Path tmp;

    private Path inputs() {
        Path in = tmp.resolve("in.safetensors");
        Map<String, TensorData> m = new LinkedHashMap<>();
        m.put("input_ids", Phi3FixtureTest.REF.get("input_ids"));
        m.put("attention_mask", Phi3FixtureTest.REF.get("attention_mask"));
        SafetensorsWriter.write(in, m);
        return in;
    }

    @Test
    void batchExplainReproducesTheFixture() {
        Path in = inputs();
        for (String method : new String[] {"attnlrp", "cp-lrp", "gradient-x-input"}) {
            Path out = tmp.resolve(method + ".safetensors");
            assertEquals(
                    0,
                    Main.run(
                            "explain",
                            "--model",
                            Fixtures.dir("phi3-tiny").toString(),
                            "--inputs",
                            in.toString(),
                            "--output",
                            out.toString(),
                            "--method",
                            method,
                            "--layers"),
                    method);
            String p = method.replace('-', '_');
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                for (String suffix : Phi3FixtureTest.SUFFIXES) {
                    Compare.relevance32(
                            "cli " + p + suffix,
                            f.read(p + suffix).toDoubles(),
                            Phi3FixtureTest.REF.get(p + suffix).toDoubles());
                }
                Compare.absolute(
                        "cli logits",
                        f.read("logits_last").toDoubles(),
                        Phi3FixtureTest.REF.get("logits_last").toDoubles(),
                        1e-4);
            }
        }
    }

    @Test
    void batchExplainWithNf4Weights() {
        Path out = tmp.resolve("nf4.safetensors");
        assertEquals(
                0,
                Main.run(
                        "explain",
                        "--model",
                        Fixtures.dir("phi3-tiny").toString(),
                        "--inputs",
                        inputs().toString(),
                        "--output",
                        out.toString(),
                        "--weights",
                        "nf4"));
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            for (double v : f.read("attnlrp.embeddings").toDoubles()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }
}
