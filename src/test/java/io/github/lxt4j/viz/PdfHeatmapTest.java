package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfHeatmapTest {
    @TempDir
    Path dir;

    private static void assertInOrder(String text, String... words) {
        int from = 0;
        for (String w : words) {
            int at = text.indexOf(w, from);
            assertTrue(at >= 0, "'" + w + "' not found after position " + from + " in: " + text);
            from = at + w.length();
        }
    }

    @Test
    void isAValidPdfWhoseTextHasTheTokensInOrder() throws Exception {
        String[] tokens = {"The", " quick", " brown", " fox", " jumps", "."};
        byte[] pdf = new PdfHeatmap().title("Heatmap").render(tokens, new double[] {0.1, 1, -1, 0.5, 0, -0.2});
        assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            assertEquals("Heatmap", doc.getDocumentInformation().getTitle());
            String text = new PDFTextStripper().getText(doc);
            assertInOrder(text, "Heatmap", "The", "quick", "brown", "fox", "jumps", ".");
        }
    }

    @Test
    void fillsEachBoxWithItsColor() throws Exception {
        byte[] pdf = new PdfHeatmap().render(new String[] {"red", " blue"}, new double[] {2, -2});
        try (PDDocument doc = Loader.loadPDF(pdf);
                InputStream in = doc.getPage(0).getContents()) {
            String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(content.contains("1 0 0 rg"), content);
            assertTrue(content.contains("0 0 1 rg"), content);
        }
    }

    @Test
    void wrapsLinesAndPages() throws Exception {
        String[] tokens = new String[1500];
        double[] relevance = new double[tokens.length];
        String[] words = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            words[i] = "w" + i;
            tokens[i] = " " + words[i];
            relevance[i] = Math.cos(i);
        }
        Path file = dir.resolve("long.pdf");
        new PdfHeatmap().write(file, tokens, relevance);
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            assertTrue(doc.getNumberOfPages() > 1, "pages: " + doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            assertInOrder(text, words);
            for (String line : text.split("\n")) {
                assertTrue(line.length() < 120, "line too long for one page width: " + line.length());
            }
        }
    }

    @Test
    void replacesCharactersHelveticaCannotEncode() throws Exception {
        String[] tokens = {"\u2581x", " \u4e2d\u6587", " \uD83D\uDE00", " caf\u00e9", " a\tb", "\u0000"};
        byte[] pdf = new PdfHeatmap().render(tokens, new double[] {1, 2, 3, 4, 5, 6});
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertInOrder(text, "?x", "??", "?", "caf\u00e9", "a", "b", "?");
        }
    }

    @Test
    void emptyInputGivesOneBlankPage() throws Exception {
        Path file = dir.resolve("empty.pdf");
        new PdfHeatmap().write(file, new String[0], new double[0]);
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(file))) {
            assertEquals(1, doc.getNumberOfPages());
            assertEquals("", new PDFTextStripper().getText(doc).strip());
        }
    }
}
