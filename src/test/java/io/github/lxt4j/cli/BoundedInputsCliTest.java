package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.HeatmapTooLargeException;
import io.github.lxt4j.viz.PdfHeatmap;
import io.github.lxt4j.viz.PngHeatmap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 5: bounded work on every input path: T5's length, show's lines, rendered image sizes. */
class BoundedInputsCliTest {
    @TempDir
    Path tmp;

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains("error: " + expected), "expected 'error: " + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** {@code n} words of the T5 test tokenizer: n + 1 tokens with the end-of-sequence token. */
    private static String words(int n) {
        String[] w = new String[n];
        Arrays.fill(w, "cat");
        return String.join(" ", w);
    }

    @Test
    void t5RefusesASourceLongerThanItsDocumentedLimitBeforeAllocating() {
        Path model = T5Folder.write(tmp, "t5");
        Path in = JsonlData.write(
                tmp.resolve("in.jsonl"),
                JsonlData.line(Map.of("source", "the cat sat")),
                JsonlData.line(Map.of("source", words(600))));
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command(
                "explain", "--model", model.toString(), "--prompts", in.toString(), "--jsonl", out.toString());
        assertRefused(
                r,
                in + ":2: sequence length 601 exceeds the model's n_positions (absent from config.json, so"
                        + " lxt4j's default for T5; set it there to allow longer inputs) = 512");
        assertEquals(1, JsonlData.results(out).size(), "the good line before it is written");
        CliRun prompt = CliRun.command(
                "explain",
                "--model",
                model.toString(),
                "--html",
                tmp.resolve("h.html").toString(),
                words(40_000));
        assertRefused(
                prompt,
                "the prompt is 159999 characters, more than 64 per position of the model's context of"
                        + " 512 tokens (32768), so it cannot fit; it was refused before tokenization");
        try (TensorScope scope = TensorScope.open();
                T5ForConditionalGeneration t5 = T5ForConditionalGeneration.fromPretrained(model)) {
            long[] ids = new long[513];
            Arrays.fill(ids, 4);
            var embeds = t5.embed(t5.backend().fromLongs(ids, 1, ids.length));
            assertThrows(SequenceTooLongException.class, () -> t5.encode(embeds, null, null), "the library too");
        }
    }

    @Test
    void t5TakesTheConfiguredLimit() throws Exception {
        Path model = T5Folder.write(tmp, "t5");
        Files.writeString(
                model.resolve("config.json"),
                Files.readString(model.resolve("config.json")).replaceFirst("\\{", "{\"n_positions\": 16, "));
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), JsonlData.line(Map.of("source", words(20))));
        assertRefused(
                CliRun.command("explain", "--model", model.toString(), "--prompts", in.toString(), "--jsonl", "-"),
                in + ":1: sequence length 21 exceeds the model's n_positions = 16");
    }

    @Test
    void showReadsWithTheLimitsOfPrompts() {
        assertRefused(
                CliRun.command("show", "/dev/zero"),
                "/dev/zero:1: the line is longer than the maximum of" + " 4194304 bytes");
    }

    @Test
    void aPngTallerThanTheLimitIsRefusedBeforeItsImageIsAllocated() throws Exception {
        String[] tokens = new String[40_000];
        double[] relevance = new double[tokens.length];
        Arrays.fill(tokens, " token");
        Arrays.fill(relevance, 1.0);
        HeatmapTooLargeException e =
                assertThrows(HeatmapTooLargeException.class, () -> new PngHeatmap().render(tokens, relevance));
        assertTrue(e.getMessage().startsWith("the PNG heatmap of 40000 tokens would be 800 x "), e.getMessage());
        Path saved =
                JsonlData.write(tmp.resolve("r.jsonl"), JsonlData.line(Map.of("text", tokens, "relevance", relevance)));
        Path png = tmp.resolve("r.png");
        assertRefused(CliRun.command("show", saved.toString(), "--png", png.toString()), "the PNG heatmap of 40000");
        assertFalse(Files.exists(png));
    }

    @Test
    void aCroppedPdfTallerThanAPdfPageIsSplitIntoPages() throws Exception {
        String[] tokens = new String[40_000];
        double[] relevance = new double[tokens.length];
        Arrays.fill(tokens, " token");
        byte[] pdf = new PdfHeatmap().cropToContent(true).render(tokens, relevance);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() > 1, "split into pages");
            for (PDPage page : doc.getPages()) {
                assertTrue(page.getMediaBox().getHeight() <= 14_400, "a page PDF allows");
            }
        }
    }
}
