package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.io.images.ImagePreprocessor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Sign selection and outlier clipping, and the CLIP overlay aligned with the centre crop on a grayscale base. */
class RelevanceScalingTest {

    @Test
    void signsAndOutlierPercentile() {
        double[] r = {1, -2, 3, -4};
        assertArrayEquals(
                new double[] {0.25, -0.5, 0.75, -1}, RelevanceScaling.plain().apply(r), 0);
        assertArrayEquals(
                new double[] {1 / 3.0, 0, 1, 0},
                new RelevanceScaling(RelevanceScaling.Sign.POSITIVE, 0).apply(r),
                1e-15);
        assertArrayEquals(
                new double[] {0.25, 0.5, 0.75, 1}, new RelevanceScaling(RelevanceScaling.Sign.ABSOLUTE, 0).apply(r), 0);
        // 50% outliers: the scale is the median magnitude 2 (nearest rank), larger values saturate
        assertArrayEquals(
                new double[] {0.5, -1, 1, -1}, new RelevanceScaling(RelevanceScaling.Sign.ALL, 50).apply(r), 0);
        assertArrayEquals(new double[] {0, 0}, RelevanceScaling.plain().apply(new double[] {0, 0}), 0);
        assertThrows(IllegalArgumentException.class, () -> new RelevanceScaling(RelevanceScaling.Sign.ALL, 100));
        assertThrows(IllegalArgumentException.class, () -> RelevanceScaling.Sign.parse("negative"));
        assertThrows(
                InvalidRelevanceException.class, () -> RelevanceScaling.plain().apply(new double[] {Double.NaN}));
    }

    @Test
    void theCropIsFoundInTheOriginalsCoordinates() {
        ImagePreprocessor pre = new ImagePreprocessor(20, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        // 48x40 → 24x20, crop 20x20 at left 2 → in the original: left 4, width 40
        assertArrayEquals(new double[] {4, 0, 40, 40}, pre.cropInOriginal(48, 40), 1e-12);
        assertArrayEquals(new double[] {0, 0, 20, 20}, pre.cropInOriginal(20, 20), 1e-12);
    }

    @Test
    void overlayDrawsTheMapOnlyWhereTheModelLooked() {
        BufferedImage red = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                red.setRGB(x, y, 0xFF0000);
            }
        }
        BufferedImage out = new ImageHeatmap()
                .alpha(1)
                .grayscaleBase(true)
                .overlayOnCrop(new float[][] {{1, -1}, {1, -1}}, red, new double[] {2, 0, 4, 4});
        assertEquals(8, out.getWidth());
        // outside: gray of pure red (0.299 * 255 = 76) washed halfway to white = 166
        assertEquals(0xA6A6A6, out.getRGB(0, 1) & 0xFFFFFF);
        assertEquals(0xA6A6A6, out.getRGB(7, 1) & 0xFFFFFF);
        assertEquals(Colormap.BWR.rgb(1), out.getRGB(2, 1) & 0xFFFFFF, "left half of the crop: +1");
        assertEquals(Colormap.BWR.rgb(-1), out.getRGB(5, 1) & 0xFFFFFF, "right half: -1");
        BufferedImage smooth = new ImageHeatmap()
                .alpha(1)
                .interpolation(ImageHeatmap.Interpolation.BILINEAR)
                .overlayOnCrop(new float[][] {{1, -1}}, red, new double[] {2, 0, 4, 4});
        // pixel 4's centre is 5/8 across the crop: map x = 0.625 * 2 - 0.5 = 0.75, so 0.25 * 1 + 0.75 * -1
        assertEquals(Colormap.BWR.rgb(-0.5), smooth.getRGB(4, 1) & 0xFFFFFF, "bilinear");
        assertEquals(Colormap.BWR.rgb(0.5), smooth.getRGB(3, 1) & 0xFFFFFF, "bilinear");
    }
}
