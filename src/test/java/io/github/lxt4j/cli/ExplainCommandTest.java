package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI entry point: the demo run, and the batch interface on the LLaMA fixtures. */
class ExplainCommandTest {

    @TempDir
    Path tmp;

    private String run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        return r.out();
    }

    @Test
    void demoPointsAtTheAnswersSource() throws Exception {
        Path html = tmp.resolve("heatmap.html");
        Path pdf = tmp.resolve("heatmap.pdf");
        String out = run("explain", "--html", html.toString(), "--pdf", pdf.toString(), "--color", "always");
        // default prompt: "... dave likes figs ... so dave likes" → figs, whose source is position 15
        assertTrue(out.contains("target: 'figs'"), out);
        Matcher m = Pattern.compile("most relevant token: '(\\w+)' \\(position (\\d+)")
                .matcher(out);
        assertTrue(m.find(), out);
        assertEquals("figs", m.group(1));
        assertEquals("15", m.group(2));
        assertTrue(out.contains("\u001b[48;2;"), "colored heatmap expected");
        String page = Files.readString(html);
        assertTrue(page.contains("<span") && page.contains("figs"));
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.indexOf("dave") < text.indexOf("figs"), text);
        }
    }

    private void batchReproduces(String fixture, String[] inputKeys, String[] methods, String[] suffixes) {
        Map<String, TensorData> ref = Fixtures.reference(fixture);
        Path in = tmp.resolve(fixture + "-in.safetensors");
        Map<String, TensorData> inputs = new LinkedHashMap<>();
        for (String k : inputKeys) {
            inputs.put(k, ref.get(k));
        }
        SafetensorsWriter.write(in, inputs);
        for (String method : methods) {
            Path out = tmp.resolve(fixture + "-" + method + ".safetensors");
            run(
                    "explain",
                    "--model",
                    Fixtures.dir(fixture).toString(),
                    "--inputs",
                    in.toString(),
                    "--output",
                    out.toString(),
                    "--method",
                    method,
                    "--layers");
            String p = method.replace('-', '_');
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                for (String suffix : suffixes) {
                    Compare.relevance32(
                            fixture + " " + p + suffix,
                            f.read(p + suffix).toDoubles(),
                            ref.get(p + suffix).toDoubles());
                }
                Compare.absolute(
                        "logits",
                        f.read("logits_last").toDoubles(),
                        ref.get("logits_last").toDoubles(),
                        1e-4);
            }
        }
        if (ref.containsKey("attnlrp_float64.embeddings")) {
            Path out64 = tmp.resolve(fixture + "-f64.safetensors");
            run(
                    "explain",
                    "--model",
                    Fixtures.dir(fixture).toString(),
                    "--inputs",
                    in.toString(),
                    "--output",
                    out64.toString(),
                    "--dtype",
                    "float64");
            try (SafetensorsFile f = SafetensorsFile.open(out64)) {
                Compare.relevance(
                        fixture + " float64",
                        f.read("attnlrp.embeddings").toDoubles(),
                        ref.get("attnlrp_float64.embeddings").toDoubles(),
                        1e-6,
                        0.999999);
            }
        }
    }

    @Test
    void batchModeReproducesLlamaTiny() {
        batchReproduces(
                "llama-tiny",
                new String[] {"input_ids", "attention_mask"},
                new String[] {"attnlrp", "cp-lrp", "gradient-x-input"},
                new String[] {".tokens", ".embeddings", ".layer.0", ".layer.1"});
    }

    @Test
    void batchModeReproducesMixtralTiny() {
        batchReproduces(
                "mixtral-tiny",
                new String[] {"input_ids", "attention_mask"},
                new String[] {"attnlrp", "gradient-x-input"},
                new String[] {".tokens", ".embeddings", ".layer.0", ".layer.1"});
    }

    @Test
    void batchModeReproducesT5Gated() {
        batchReproduces(
                "t5-gated",
                new String[] {"input_ids", "decoder_input_ids"},
                new String[] {"attnlrp", "cp-lrp", "gradient-x-input"},
                new String[] {".encoder.tokens", ".encoder.embeddings", ".decoder.tokens", ".decoder.embeddings"});
    }
}
