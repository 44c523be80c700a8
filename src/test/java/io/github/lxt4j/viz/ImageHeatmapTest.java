package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHeatmapTest {
    @TempDir
    Path dir;

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void colorsEachCellByItsNormalisedValue() {
        // max |r| = 2: normalised {{-1, 0}, {0.5, 1}}
        BufferedImage image = new ImageHeatmap().render(new float[][] {{-2, 0}, {1, 2}});
        assertEquals(2, image.getWidth());
        assertEquals(2, image.getHeight());
        assertEquals(0x0000FF, rgb(image, 0, 0));
        assertEquals(0xFFFFFF, rgb(image, 1, 0));
        assertEquals(0xFF8080, rgb(image, 0, 1));
        assertEquals(0xFF0000, rgb(image, 1, 1));
    }

    @Test
    void flatMapWithShape() {
        BufferedImage image = new ImageHeatmap().render(new float[] {-2, 0, 1, 2, 0, 0}, 2, 3);
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        assertEquals(0x0000FF, rgb(image, 0, 0));
        assertEquals(0xFF0000, rgb(image, 0, 1));
        InvalidRelevanceException e =
                assertThrows(InvalidRelevanceException.class, () -> new ImageHeatmap().render(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("2x3"), e.getMessage());
    }

    @Test
    void nearestUpscalingRepeatsCells() {
        BufferedImage image = new ImageHeatmap().size(4, 4).render(new float[][] {{-1, 0}, {0.5f, 1}});
        assertEquals(0x0000FF, rgb(image, 1, 1));
        assertEquals(0xFFFFFF, rgb(image, 2, 0));
        assertEquals(0xFFFFFF, rgb(image, 3, 1));
        assertEquals(0xFF8080, rgb(image, 0, 3));
        assertEquals(0xFF0000, rgb(image, 3, 3));
    }

    @Test
    void bilinearUpscalingInterpolatesRelevanceNotColor() {
        // align_corners=False: source x = (dst + 0.5) * 2 / 4 - 0.5 = -0.25, 0.25, 0.75, 1.25 (clamped to 0 and 1)
        // values -1, -0.5, 0.5, 1
        BufferedImage image = new ImageHeatmap()
                .size(4, 1)
                .interpolation(ImageHeatmap.Interpolation.BILINEAR)
                .render(new float[][] {{-1, 1}});
        assertEquals(0x0000FF, rgb(image, 0, 0));
        assertEquals(0x8080FF, rgb(image, 1, 0));
        assertEquals(0xFF8080, rgb(image, 2, 0));
        assertEquals(0xFF0000, rgb(image, 3, 0));
    }

    @Test
    void overlayBlendsWithAlpha() {
        BufferedImage base = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                base.setRGB(x, y, 0x646464);
            }
        }
        BufferedImage out = new ImageHeatmap().alpha(0.5).overlay(new float[][] {{3, 0}, {-3, 3}}, base);
        // red over gray 100: 0.5 * 100 + 0.5 * 255 = 177.5 -> 178; 0.5 * 100 + 0 = 50
        assertEquals((178 << 16) | (50 << 8) | 50, rgb(out, 0, 0));
        // white over gray: 0.5 * 100 + 0.5 * 255 in every channel
        assertEquals((178 << 16) | (178 << 8) | 178, rgb(out, 1, 0));
        assertEquals((50 << 16) | (50 << 8) | 178, rgb(out, 0, 1));

        BufferedImage bigger = new ImageHeatmap().alpha(1).size(6, 4).overlay(new float[][] {{1, -1}}, base);
        assertEquals(6, bigger.getWidth());
        assertEquals(4, bigger.getHeight());
        assertEquals(0xFF0000, rgb(bigger, 0, 3));
        assertEquals(0x0000FF, rgb(bigger, 5, 0));
    }

    @Test
    void rejectsNaNWithItsPosition() {
        InvalidRelevanceException e = assertThrows(
                InvalidRelevanceException.class,
                () -> new ImageHeatmap().render(new float[][] {{0, 0}, {0, Float.NaN}}));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    @Test
    void writesPng() throws Exception {
        Path file = dir.resolve("map.png");
        BufferedImage image = new ImageHeatmap().size(8, 8).render(new float[][] {{1, -1}, {0, 0.5f}});
        ImageHeatmap.write(image, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(8, read.getWidth());
        assertEquals(0xFF0000, rgb(read, 0, 0));
        assertEquals(0x0000FF, rgb(read, 7, 0));
    }
}
