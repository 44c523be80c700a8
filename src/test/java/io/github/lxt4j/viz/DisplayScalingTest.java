package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Display options: special tokens out of the scale, clipped outliers, the cropped PDF, contrasting text. */
class DisplayScalingTest {

    @TempDir
    Path dir;

    @Test
    void specialTokensLeaveTheScaleAndOutliersSaturate() {
        String[] tokens = {"<s>", " The", " cat", "</s>", "<0x0A>"};
        double[] r = {10, 1, -2, 5, 0.5};
        assertArrayEquals(new double[] {0, 0.5, -1, 0, 0.25}, DisplayScaling.scale(tokens, r, true, 0), 0);
        assertArrayEquals(new double[] {1, 0.1, -0.2, 0.5, 0.05}, DisplayScaling.scale(tokens, r, false, 0), 0);
        // 40% of five magnitudes saturate: the scale is the 60th percentile (nearest rank 3 of 0.5,1,2,5,10) = 2
        assertArrayEquals(new double[] {1, 0.5, -1, 1, 0.25}, DisplayScaling.scale(tokens, r, false, 40), 0);
        assertTrue(SpecialTokens.is("<|endoftext|>") && SpecialTokens.is("[CLS]") && SpecialTokens.is(" <pad>"));
        assertFalse(SpecialTokens.is("<0x0A>") || SpecialTokens.is("cat") || SpecialTokens.is("a<b"));
    }

    @Test
    void croppedPdfIsOneSmallPageHoldingTitleAndTokens() throws Exception {
        String[] tokens = {"The", " cat", " sat"};
        double[] r = {1, -1, 0.5};
        Path pdf = dir.resolve("c.pdf");
        new PdfHeatmap().cropToContent(true).title("Why sat").write(pdf, tokens, r);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertEquals(1, doc.getNumberOfPages());
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertTrue(box.getWidth() < 200 && box.getHeight() < 80, "cropped: " + box);
            assertTrue(box.getWidth() < PDRectangle.A4.getWidth() / 2);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Why sat") && text.indexOf("cat") < text.lastIndexOf("sat"), text);
        }
        try (PDDocument doc = Loader.loadPDF(new PdfHeatmap().render(tokens, r))) {
            assertEquals(
                    PDRectangle.A4.getHeight(), doc.getPage(0).getMediaBox().getHeight(), 0.01, "A4 stays the default");
        }
    }

    @Test
    void textIsWhiteOnlyOnDarkTokens() {
        String term = new TerminalHeatmap().render(new String[] {"a", " b", " c"}, new double[] {1, -1, 0});
        assertTrue(term.contains("48;2;0;0;255m" + TerminalHeatmap.ESC + "38;2;255;255;255mb"), term);
        assertTrue(term.contains("48;2;255;0;0m" + TerminalHeatmap.ESC + "38;2;0;0;0ma"), term);
        String svg = new SvgHeatmap().render(new String[] {"a", " b"}, new double[] {1, -1});
        assertEquals(1, svg.split("fill=\"#ffffff\">", -1).length - 1, "one white text: " + svg);
    }
}
