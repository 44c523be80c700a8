package io.github.lxt4j.io.images;

/**
 * Resizing exactly as Pillow does it for 8-bit images with a convolution filter ({@code Image.resize(size, filter)},
 * which torchvision's {@code Resize} and HF's image processors call for PIL images): the filter's kernel widened by
 * the scale factor when downscaling (antialiasing), weights normalised per output pixel and quantised to 22
 * fractional bits, a horizontal pass and then a vertical pass, each rounded and clipped to 0..255. A pass whose size
 * does not change is skipped.
 */
public final class PillowResampler {
    private PillowResampler() {}

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double A = -0.5;

    /** Pillow's convolution filters, by the numbers of its {@code Image.Resampling} enum. */
    public enum Filter {
        /** {@code Image.BOX} (4): a box of width 1. */
        BOX(4, 0.5),
        /** {@code Image.BILINEAR} (2): the triangle filter. */
        BILINEAR(2, 1.0),
        /** {@code Image.HAMMING} (5). */
        HAMMING(5, 1.0),
        /** {@code Image.BICUBIC} (3): the cubic kernel with a = −0.5. */
        BICUBIC(3, 2.0),
        /** {@code Image.LANCZOS} (1): Lanczos with a = 3. */
        LANCZOS(1, 3.0);

        private final int pillowCode;
        private final double support;

        Filter(int pillowCode, double support) {
            this.pillowCode = pillowCode;
            this.support = support;
        }

        /** The number Pillow (and HF's {@code resample} field) gives this filter. */
        public int pillowCode() {
            return pillowCode;
        }

        /**
         * The filter of Pillow's number {@code code}.
         *
         * @throws IllegalArgumentException for 0 (nearest, which is not a convolution) or an unknown number
         */
        public static Filter ofPillowCode(int code) {
            for (Filter f : values()) {
                if (f.pillowCode == code) {
                    return f;
                }
            }
            throw new IllegalArgumentException("resample = " + code + " is not supported: expected 1 (lanczos),"
                    + " 2 (bilinear), 3 (bicubic), 4 (box) or 5 (hamming)");
        }

        double kernel(double x) {
            switch (this) {
                case BOX:
                    return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
                case BILINEAR:
                    x = Math.abs(x);
                    return x < 1.0 ? 1.0 - x : 0.0;
                case HAMMING:
                    x = Math.abs(x);
                    if (x == 0.0) {
                        return 1.0;
                    }
                    if (x >= 1.0) {
                        return 0.0;
                    }
                    return Math.sin(Math.PI * x) / (Math.PI * x) * (0.54 + 0.46 * Math.cos(Math.PI * x));
                case LANCZOS:
                    return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
                default:
                    return cubic(x);
            }
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x *= Math.PI;
        return Math.sin(x) / x;
    }

    /**
     * The cubic kernel: {@code ((a+2)|x| − (a+3))x² + 1} for |x| &lt; 1, {@code a(|x|³ − 5|x|² + 8|x| − 4)} for
     * |x| &lt; 2.
     */
    static double cubic(double x) {
        x = Math.abs(x);
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0.0;
    }

    /** Per output pixel: the first input index, the tap count, and fixed-point weights. */
    record Coefficients(int[] start, int[] count, int[][] weights) {}

    static Coefficients coefficients(int inSize, int outSize, Filter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double[] k = new double[Math.max(xmax, 0)];
            double ww = 0.0;
            for (int x = 0; x < k.length; x++) {
                k[x] = filter.kernel((x + xmin - center + 0.5) * ss);
                ww += k[x];
            }
            int[] fixed = new int[k.length];
            for (int x = 0; x < k.length; x++) {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                fixed[x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            count[xx] = k.length;
            weights[xx] = fixed;
        }
        return new Coefficients(start, count, weights);
    }

    private static int clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (in <= 0) {
            return 0;
        }
        return in >> PRECISION_BITS;
    }

    /** {@code image} resized to {@code width} × {@code height} with {@code filter}. */
    public static RgbImage resize(RgbImage image, int width, int height, Filter filter) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("resize target must be at least 1x1, got " + width + "x" + height);
        }
        int w = image.width();
        int h = image.height();
        int[][] planes = {image.plane(0), image.plane(1), image.plane(2)};
        if (width != w) {
            Coefficients c = coefficients(w, width, filter);
            for (int ch = 0; ch < 3; ch++) {
                int[] in = planes[ch];
                int[] out = new int[width * h];
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < width; xx++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        int[] k = c.weights[xx];
                        int base = y * w + c.start[xx];
                        for (int x = 0; x < k.length; x++) {
                            ss += in[base + x] * k[x];
                        }
                        out[y * width + xx] = clip8(ss);
                    }
                }
                planes[ch] = out;
            }
            w = width;
        }
        if (height != h) {
            Coefficients c = coefficients(h, height, filter);
            for (int ch = 0; ch < 3; ch++) {
                int[] in = planes[ch];
                int[] out = new int[w * height];
                for (int yy = 0; yy < height; yy++) {
                    int[] k = c.weights[yy];
                    int first = c.start[yy];
                    for (int x = 0; x < w; x++) {
                        int ss = 1 << (PRECISION_BITS - 1);
                        for (int y = 0; y < k.length; y++) {
                            ss += in[(first + y) * w + x] * k[y];
                        }
                        out[yy * w + x] = clip8(ss);
                    }
                }
                planes[ch] = out;
            }
            h = height;
        }
        return RgbImage.ofPlanes(w, h, planes[0], planes[1], planes[2]);
    }
}
