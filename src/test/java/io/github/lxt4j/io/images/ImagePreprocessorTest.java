package io.github.lxt4j.io.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {

    static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

    @TempDir
    Path tmp;

    /** A deterministic test pattern that a Python script can rebuild: r, g, b from x and y. */
    static RgbImage pattern(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 37 + y * 11) % 256;
                int g = (x * x + 3 * y) % 256;
                int b = (x * y * 7 + 13) % 256;
                px[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return new RgbImage(w, h, px);
    }

    /**
     * Golden values from Pillow 12.3 ({@code Image.fromarray(pattern).resize((W, H), Image.BICUBIC)}): the sum of all
     * values, Σ value·(flat HWC index) mod 1000003, and the pixels at (0,0), (W-1,H-1) and (W/3, H/2).
     */
    @Test
    void resizeIsPillowExact() {
        long[][] golden = {
            {45, 30, 48, 32, 563408, 381756, 0, 0, 13, 156, 232, 245, 207, 17, 54},
            {80, 100, 32, 40, 485375, 968931, 39, 3, 18, 130, 169, 131, 176, 66, 135},
            {20, 20, 32, 32, 344913, 606808, 0, 0, 13, 148, 165, 255, 76, 66, 175},
            {33, 47, 7, 13, 33870, 719010, 100, 9, 33, 109, 99, 125, 134, 171, 140},
            {300, 200, 48, 32, 584567, 139885, 121, 17, 68, 117, 140, 125, 129, 119, 132},
        };
        for (long[] g : golden) {
            int ww = (int) g[2];
            int hh = (int) g[3];
            RgbImage out = BicubicResampler.resize(pattern((int) g[0], (int) g[1]), ww, hh);
            long sum = 0;
            long weighted = 0;
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < ww; x++) {
                    for (int c = 0; c < 3; c++) {
                        long v = out.get(x, y, c);
                        sum += v;
                        weighted += v * ((long) (y * ww + x) * 3 + c);
                    }
                }
            }
            String what = g[0] + "x" + g[1] + " -> " + ww + "x" + hh;
            assertEquals(g[4], sum, what + " sum");
            assertEquals(g[5], weighted % 1000003, what + " weighted checksum");
            int[][] at = {{0, 0}, {ww - 1, hh - 1}, {ww / 3, hh / 2}};
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(g[6 + 3 * i + c], out.get(at[i][0], at[i][1], c), what + " pixel " + i + " c" + c);
                }
            }
        }
    }

    @Test
    void processedPngMatchesStraightforwardReference() throws IOException {
        Random rnd = new Random(7);
        int[][] sizes = {{45, 30}, {80, 100}, {20, 26}, {32, 32}};
        for (int[] s : sizes) {
            int w = s[0];
            int h = s[1];
            int[] px = new int[w * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = rnd.nextInt(1 << 24);
            }
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, w, h, px, 0, w);
            Path file = tmp.resolve("img" + w + "x" + h + ".png");
            ImageIO.write(img, "png", file.toFile());

            TensorData out = new ImagePreprocessor(32, MEAN, STD).process(file);
            assertArrayEquals(new long[] {1, 3, 32, 32}, out.shape());
            float[] actual = out.toFloats();
            double[] expected = reference(px, w, h, 32);
            double maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            assertTrue(maxDiff <= 1e-4, w + "x" + h + ": max |diff| " + maxDiff);
        }
    }

    @Test
    void grayscaleAndAlphaBecomeRgb() throws IOException {
        Random rnd = new Random(11);
        int w = 40;
        int h = 36;
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgba = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] grayRgb = new int[w * h];
        int[] opaque = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = rnd.nextInt(256);
                gray.getRaster().setSample(x, y, 0, v);
                grayRgb[y * w + x] = (v << 16) | (v << 8) | v;
                int c = rnd.nextInt(1 << 24);
                rgba.setRGB(x, y, (rnd.nextInt(256) << 24) | c);
                opaque[y * w + x] = c;
            }
        }
        Path grayFile = tmp.resolve("gray.png");
        Path rgbaFile = tmp.resolve("rgba.png");
        ImageIO.write(gray, "png", grayFile.toFile());
        ImageIO.write(rgba, "png", rgbaFile.toFile());
        // gray samples are taken as stored (no linear-to-sRGB conversion) and replicated to three channels
        assertEquals(new RgbImage(w, h, grayRgb), ImageFiles.readRgb(grayFile));
        // alpha is dropped, colours kept
        assertEquals(new RgbImage(w, h, opaque), ImageFiles.readRgb(rgbaFile));
        ImagePreprocessor p = new ImagePreprocessor(32, MEAN, STD);
        float[] fromGray = p.process(grayFile).toFloats();
        double[] expected = reference(grayRgb, w, h, 32);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], fromGray[i], 1e-4);
        }
        int plane = 32 * 32;
        for (int i = 0; i < plane; i++) {
            // equal 8-bit values in each channel, each normalised with its own mean and std
            double v0 = fromGray[i] * STD[0] + MEAN[0];
            double v2 = fromGray[2 * plane + i] * STD[2] + MEAN[2];
            assertEquals(v0, v2, 1e-5);
        }
    }

    @Test
    void jpegIsDecoded() throws IOException {
        int[] smooth = new int[64 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                smooth[y * 64 + x] = ((x * 4) << 16) | ((y * 5) << 8) | (x + y) * 2;
            }
        }
        RgbImage src = new RgbImage(64, 48, smooth);
        Path png = tmp.resolve("p.png");
        Path jpg = tmp.resolve("p.jpg");
        ImageIO.write(src.toBufferedImage(), "png", png.toFile());
        javax.imageio.ImageWriter writer =
                ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(1.0f);
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(jpg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(src.toBufferedImage(), null, null), param);
        }
        writer.dispose();
        ImagePreprocessor p = new ImagePreprocessor(32, MEAN, STD);
        float[] a = p.process(png).toFloats();
        float[] b = p.process(jpg).toFloats();
        double mean = 0;
        for (int i = 0; i < a.length; i++) {
            mean += Math.abs(a[i] - b[i]);
        }
        mean /= a.length;
        // lossy, but at quality 1.0 on a smooth image within about one 8-bit level (1/255/0.27 ≈ 0.015)
        assertTrue(mean < 0.02, "mean |png - jpeg| = " + mean);
    }

    @Test
    void resizedSizeFollowsTorchvision() {
        assertArrayEquals(new int[] {224, 298}, ImagePreprocessor.resizedSize(375, 500, 224));
        assertArrayEquals(new int[] {298, 224}, ImagePreprocessor.resizedSize(500, 375, 224));
        assertArrayEquals(new int[] {32, 32}, ImagePreprocessor.resizedSize(7, 7, 32));
    }

    // ---- an independent, straightforward implementation: one pass per axis, rounding after each pass ----

    static double[] reference(int[] rgb, int w, int h, int size) {
        int nw;
        int nh;
        if (w <= h) {
            nw = size;
            nh = (int) Math.floor((double) size * h / w);
        } else {
            nh = size;
            nw = (int) Math.floor((double) size * w / h);
        }
        double[][] planes = new double[3][w * h];
        for (int i = 0; i < rgb.length; i++) {
            planes[0][i] = (rgb[i] >> 16) & 255;
            planes[1][i] = (rgb[i] >> 8) & 255;
            planes[2][i] = rgb[i] & 255;
        }
        int top = (int) Math.rint((nh - size) / 2.0);
        int left = (int) Math.rint((nw - size) / 2.0);
        double[] out = new double[3 * size * size];
        for (int c = 0; c < 3; c++) {
            double[] p = planes[c];
            if (nw != w) {
                p = resizeAxis(p, w, h, nw, true);
            }
            if (nh != h) {
                p = resizeAxis(p, nw, h, nh, false);
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = p[(y + top) * nw + (x + left)];
                    out[(c * size + y) * size + x] = (v / 255.0 - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }

    static double kernel(double x) {
        double a = -0.5;
        x = Math.abs(x);
        return x < 1
                ? (a + 2) * x * x * x - (a + 3) * x * x + 1
                : x < 2 ? a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a : 0;
    }

    /**
     * Resamples along x (horizontal) or y; each output sample rounds half up and clamps to 0..255. The normalised
     * weights are rounded to multiples of 2^-22, as Pillow stores them: with exact weights about one sample in 2000
     * lands on the other side of a rounding boundary.
     */
    static double[] resizeAxis(double[] in, int w, int h, int n, boolean horizontal) {
        int len = horizontal ? w : h;
        int other = horizontal ? h : w;
        double scale = (double) len / n;
        double stretch = Math.max(scale, 1);
        double[] out = new double[horizontal ? n * h : w * n];
        for (int o = 0; o < n; o++) {
            double center = (o + 0.5) * scale;
            int lo = Math.max(0, (int) (center - 2 * stretch + 0.5));
            int hi = Math.min(len, (int) (center + 2 * stretch + 0.5));
            double[] wts = new double[hi - lo];
            double total = 0;
            for (int i = lo; i < hi; i++) {
                wts[i - lo] = kernel((i - center + 0.5) / stretch);
                total += wts[i - lo];
            }
            double one = 1 << 22;
            for (int i = 0; i < wts.length; i++) {
                double q = wts[i] / total * one;
                wts[i] = (q < 0 ? Math.ceil(q - 0.5) : Math.floor(q + 0.5)) / one;
            }
            for (int j = 0; j < other; j++) {
                double acc = 0;
                for (int i = lo; i < hi; i++) {
                    double v = horizontal ? in[j * w + i] : in[i * w + j];
                    acc += v * wts[i - lo];
                }
                double r = Math.min(255, Math.max(0, Math.floor(acc + 0.5)));
                if (horizontal) {
                    out[j * n + o] = r;
                } else {
                    out[o * w + j] = r;
                }
            }
        }
        return out;
    }
}
