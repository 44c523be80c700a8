package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lxt4j explain --model openclip-tiny --inputs … --target 0,1} reproduces the fixture. */
class ClipBatchCliTest {

    @TempDir
    Path tmp;

    @Test
    void batchModeReproducesOpenClipFixture() {
        Map<String, TensorData> ref = Fixtures.reference("openclip-tiny");
        Path in = tmp.resolve("in.safetensors");
        Map<String, TensorData> inputs = new LinkedHashMap<>();
        inputs.put("image", ref.get("image"));
        inputs.put("text", ref.get("text"));
        SafetensorsWriter.write(in, inputs);
        for (String method : new String[] {"cp-lrp-gamma", "gradient-x-input"}) {
            Path out = tmp.resolve(method + ".safetensors");
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(
                    "explain",
                    "--model",
                    Fixtures.dir("openclip-tiny").toString(),
                    "--inputs",
                    in.toString(),
                    "--output",
                    out.toString(),
                    "--method",
                    method,
                    "--target",
                    "0,1",
                    "--conv-gamma",
                    "0.25",
                    "--linear-gamma",
                    "0.05");
            assertEquals(0, code, "exit code; stderr: " + err);
            String p = method.replace('-', '_');
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                for (String k : new String[] {".image", ".image.map", ".text.embeddings", ".text.tokens"}) {
                    Compare.relevance32(
                            p + k, f.read(p + k).toDoubles(), ref.get(p + k).toDoubles());
                }
                Compare.absolute(
                        "similarity",
                        f.read("similarity").toDoubles(),
                        ref.get("similarity").toDoubles(),
                        1e-4);
            }
        }
    }
}
