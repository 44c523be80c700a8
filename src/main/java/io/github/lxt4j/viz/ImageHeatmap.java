package io.github.lxt4j.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image heatmap: a relevance map of H×W values, normalised by its maximum absolute value and colored with
 * {@link Colormap#BWR}, optionally upscaled and blended over a base image.
 *
 * <p>Upscaling follows PyTorch's {@code F.interpolate}: {@link Interpolation#NEAREST} takes source pixel
 * {@code floor(dst * in / out)}; {@link Interpolation#BILINEAR} uses {@code align_corners=False}, that is source
 * coordinate {@code (dst + 0.5) * in / out - 0.5}, clamped at the borders. Bilinear interpolation acts on the
 * normalised relevance, and the result is then colored.
 *
 * <p>An overlay is {@code (1 - alpha) * base + alpha * heatmap} per channel, at the size of the base image (or the
 * target size, to which the base is then scaled bilinearly).
 */
public final class ImageHeatmap {
    static {
        Headless.ensure();
    }

    /** How a relevance map is upscaled. */
    public enum Interpolation {
        /** Each output pixel takes the nearest map value: blocky, exact. */
        NEAREST,
        /** Each output pixel blends the four nearest map values. */
        BILINEAR
    }

    private int targetWidth;
    private int targetHeight;
    private Interpolation interpolation = Interpolation.NEAREST;
    private double alpha = 0.5;
    private RelevanceScaling scaling = RelevanceScaling.plain();
    private boolean grayscaleBase;

    /** A renderer at the map's own size, nearest-neighbour, overlay alpha 0.5. */
    public ImageHeatmap() {}

    /** Output size in pixels; by default the map's size, or the base image's size for overlays. */
    public ImageHeatmap size(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
        }
        this.targetWidth = width;
        this.targetHeight = height;
        return this;
    }

    /** How the map is upscaled (default {@link Interpolation#NEAREST}). */
    public ImageHeatmap interpolation(Interpolation interpolation) {
        this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
        return this;
    }

    /** Opacity of the heatmap over a base image, in [0, 1] (default 0.5). */
    public ImageHeatmap alpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /** Which sign is shown and the outlier percentile that saturates (default: all, scaled by max |R|). */
    public ImageHeatmap scaling(RelevanceScaling scaling) {
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        return this;
    }

    /** Whether overlays draw the base image in grayscale (Captum's choice: its colours cannot pass for relevance). */
    public ImageHeatmap grayscaleBase(boolean grayscale) {
        this.grayscaleBase = grayscale;
        return this;
    }

    /**
     * The map of a centre crop drawn where that crop lies in the full image: inside {@code crop} ({left, top, width,
     * height} in {@code original}'s pixels) the map is upscaled and blended over the base; outside, the base is
     * washed out halfway to white, since the model never saw it. The output has {@code original}'s size.
     */
    public BufferedImage overlayOnCrop(float[][] map, BufferedImage original, double[] crop) {
        Objects.requireNonNull(original, "original");
        double[][] norm = scaled(map);
        int w = original.getWidth();
        int h = original.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = baseColor(original.getRGB(x, y));
                double cx = (x + 0.5 - crop[0]) / crop[2];
                double cy = (y + 0.5 - crop[1]) / crop[3];
                if (cx < 0 || cx >= 1 || cy < 0 || cy >= 1) {
                    out.setRGB(x, y, mix(base, 0xFFFFFF, 0.5));
                    continue;
                }
                double v = sample(norm, cx * norm[0].length - 0.5, cy * norm.length - 0.5);
                out.setRGB(x, y, mix(base, Colormap.BWR.rgb(v), alpha));
            }
        }
        return out;
    }

    /**
     * The colored map, {@code map[y][x]} at pixel (x, y).
     *
     * @throws InvalidRelevanceException if the map is empty, ragged, or holds NaN or an infinity
     */
    public BufferedImage render(float[][] map) {
        double[][] norm = scaled(map);
        int w = targetWidth > 0 ? targetWidth : norm[0].length;
        int h = targetHeight > 0 ? targetHeight : norm.length;
        return colored(norm, w, h);
    }

    /** {@link #render(float[][])} of a row-major map of {@code height} rows and {@code width} columns. */
    public BufferedImage render(float[] map, int height, int width) {
        return render(reshape(map, height, width));
    }

    /**
     * The colored map blended over {@code base}.
     *
     * @throws InvalidRelevanceException if the map is empty, ragged, or holds NaN or an infinity
     */
    public BufferedImage overlay(float[][] map, BufferedImage base) {
        Objects.requireNonNull(base, "base");
        double[][] norm = scaled(map);
        int w = targetWidth > 0 ? targetWidth : base.getWidth();
        int h = targetHeight > 0 ? targetHeight : base.getHeight();
        BufferedImage heat = colored(norm, w, h);
        BufferedImage under = scaled(base, w, h);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = baseColor(under.getRGB(x, y));
                int b = heat.getRGB(x, y);
                out.setRGB(x, y, (blend(a >> 16, b >> 16) << 16) | (blend(a >> 8, b >> 8) << 8) | blend(a, b));
            }
        }
        return out;
    }

    /** {@link #overlay(float[][], BufferedImage)} of a row-major map. */
    public BufferedImage overlay(float[] map, int height, int width, BufferedImage base) {
        return overlay(reshape(map, height, width), base);
    }

    /** Writes an image as PNG. */
    public static void write(BufferedImage image, Path file) throws IOException {
        PngFiles.write(image, file);
    }

    /** The map checked ({@link RelevanceNormalizer}) and scaled by {@link #scaling}. */
    private double[][] scaled(float[][] map) {
        double[][] checked = RelevanceNormalizer.normalize(map);
        int w = checked[0].length;
        double[] flat = new double[checked.length * w];
        for (int y = 0; y < checked.length; y++) {
            for (int x = 0; x < w; x++) {
                flat[y * w + x] = map[y][x];
            }
        }
        double[] s = scaling.apply(flat);
        for (int y = 0; y < checked.length; y++) {
            System.arraycopy(s, y * w, checked[y], 0, w);
        }
        return checked;
    }

    private int baseColor(int rgb) {
        if (!grayscaleBase) {
            return rgb & 0xFFFFFF;
        }
        int l = (int) Math.round(0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF));
        return (l << 16) | (l << 8) | l;
    }

    private static int mix(int a, int b, double t) {
        int r = (int) Math.round((1 - t) * ((a >> 16) & 0xFF) + t * ((b >> 16) & 0xFF));
        int g = (int) Math.round((1 - t) * ((a >> 8) & 0xFF) + t * ((b >> 8) & 0xFF));
        int bl = (int) Math.round((1 - t) * (a & 0xFF) + t * (b & 0xFF));
        return (r << 16) | (g << 8) | bl;
    }

    private double sample(double[][] norm, double sx, double sy) {
        if (interpolation == Interpolation.NEAREST) {
            int x = (int) Math.max(0, Math.min(norm[0].length - 1, Math.round(sx)));
            int y = (int) Math.max(0, Math.min(norm.length - 1, Math.round(sy)));
            return norm[y][x];
        }
        return bilinear(norm, sx, sy);
    }

    private int blend(int base, int heat) {
        return (int) Math.round((1 - alpha) * (base & 0xFF) + alpha * (heat & 0xFF));
    }

    private BufferedImage colored(double[][] norm, int w, int h) {
        int inH = norm.length;
        int inW = norm[0].length;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v;
                if (interpolation == Interpolation.NEAREST) {
                    v = norm[(int) ((long) y * inH / h)][(int) ((long) x * inW / w)];
                } else {
                    v = bilinear(norm, (x + 0.5) * inW / w - 0.5, (y + 0.5) * inH / h - 0.5);
                }
                out.setRGB(x, y, Colormap.BWR.rgb(v));
            }
        }
        return out;
    }

    private static double bilinear(double[][] m, double sx, double sy) {
        int h = m.length;
        int w = m[0].length;
        sx = Math.max(0, Math.min(w - 1, sx));
        sy = Math.max(0, Math.min(h - 1, sy));
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = sx - x0;
        double fy = sy - y0;
        double top = m[y0][x0] * (1 - fx) + m[y0][x1] * fx;
        double bottom = m[y1][x0] * (1 - fx) + m[y1][x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static BufferedImage scaled(BufferedImage base, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(base, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static float[][] reshape(float[] map, int height, int width) {
        Objects.requireNonNull(map, "map");
        if (height <= 0 || width <= 0 || (long) height * width != map.length) {
            throw new InvalidRelevanceException("Relevance map has " + map.length + " values, which does not fit"
                    + " the shape " + height + "x" + width + " (height x width)");
        }
        float[][] out = new float[height][width];
        for (int y = 0; y < height; y++) {
            System.arraycopy(map, y * width, out[y], 0, width);
        }
        return out;
    }
}
