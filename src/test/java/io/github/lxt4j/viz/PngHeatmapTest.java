package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngHeatmapTest {
    @TempDir
    Path dir;

    private static TokenBox boxOf(List<TokenBox> boxes, int token) {
        return boxes.stream().filter(b -> b.token() == token).findFirst().orElseThrow();
    }

    private static int[] pixelInside(BufferedImage image, TokenBox box) {
        int x = (int) Math.ceil(box.x()) + 1;
        int y = (int) Math.ceil(box.y()) + 1;
        assertTrue(box.contains(x + 0.5, y + 0.5));
        int rgb = image.getRGB(x, y);
        return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    }

    @Test
    void mostRelevantTokenIsRedAndMostNegativeBlue() {
        String[] tokens = {"The", " cat", " sat", " on", " the", " mat"};
        double[] relevance = {0.1, 3.0, -0.2, 0, -1.5, 0.4};
        PngHeatmap png = new PngHeatmap().width(400);
        BufferedImage image = png.render(tokens, relevance);
        List<TokenBox> boxes = png.layout(tokens);
        int[] red = pixelInside(image, boxOf(boxes, 1));
        assertTrue(red[0] > 240 && red[1] < 15 && red[2] < 15, "reddish: " + java.util.Arrays.toString(red));
        int[] blue = pixelInside(image, boxOf(boxes, 4));
        // -1.5 / 3 = -0.5: (128, 128, 255)
        assertTrue(
                Math.abs(blue[0] - 128) <= 2 && Math.abs(blue[1] - 128) <= 2 && blue[2] > 250,
                "bluish: " + java.util.Arrays.toString(blue));
        assertEquals(0xFFFFFF, image.getRGB(image.getWidth() - 1, image.getHeight() - 1) & 0xFFFFFF);
    }

    @Test
    void widthIsFixedAndHeightFitsTheLines() {
        String[] tokens = new String[80];
        double[] relevance = new double[80];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = " token" + i;
            relevance[i] = i % 7 - 3;
        }
        PngHeatmap png = new PngHeatmap().width(400);
        BufferedImage image = png.render(tokens, relevance);
        List<TokenBox> boxes = png.layout(tokens);
        TreeSet<Double> tops = new TreeSet<>();
        for (TokenBox b : boxes) {
            tops.add(b.y());
            assertTrue(b.x() >= 10 && b.x() + b.width() <= 390 + 1e-9, "inside the padding: " + b);
        }
        assertTrue(tops.size() > 3, "wraps into several lines");
        double lineHeight = tops.higher(tops.first()) - tops.first();
        assertEquals(400, image.getWidth());
        assertEquals(2 * 10 + tops.size() * lineHeight, image.getHeight(), 1.0);
    }

    @Test
    void writesAPngThatReadsBack() throws Exception {
        Path file = dir.resolve("heatmap.png");
        String[] tokens = {"a", " b", " \u4e2d"};
        new PngHeatmap().write(file, tokens, new float[] {1, -1, 0.5f});
        BufferedImage read = ImageIO.read(file.toFile());
        BufferedImage rendered = new PngHeatmap().render(tokens, new double[] {1, -1, 0.5});
        assertEquals(rendered.getWidth(), read.getWidth());
        assertEquals(rendered.getHeight(), read.getHeight());
        assertEquals(rendered.getRGB(15, 15), read.getRGB(15, 15));
    }
}
