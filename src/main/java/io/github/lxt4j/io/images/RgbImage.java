package io.github.lxt4j.io.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * An 8-bit RGB image, row-major, one int {@code 0xRRGGBB} per pixel. Conversion from a {@link BufferedImage}
 * follows PIL's {@code convert("RGB")}: grayscale is replicated to three channels (its samples are read as stored,
 * without Java's linear-gray colour conversion; deeper samples are rescaled to 8 bits), alpha is dropped (not
 * blended), palette images are expanded.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final int[] rgb;

    public RgbImage(int width, int height, int[] rgb) {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("RgbImage needs width, height >= 1 and width*height pixels; got " + width
                    + "x" + height + " with " + rgb.length + " pixels");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** An image from three channel planes of 0..255 values, each width*height long. */
    public static RgbImage ofPlanes(int width, int height, int[] r, int[] g, int[] b) {
        int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = (clamp(r[i]) << 16) | (clamp(g[i]) << 8) | clamp(b[i]);
        }
        return new RgbImage(width, height, out);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        int[] out = new int[w * h];
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1
                && !(cm instanceof IndexColorModel)) {
            Raster r = image.getRaster();
            int bits = cm.getComponentSize(0);
            double scale = 255.0 / ((1L << bits) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = (int) Math.round(r.getSample(x, y, 0) * scale);
                    out[y * w + x] = (v << 16) | (v << 8) | v;
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = image.getRGB(x, y) & 0xFFFFFF;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = red, 1 = green, 2 = blue) at (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return (rgb[y * width + x] >> (16 - 8 * c)) & 0xFF;
    }

    /** One channel as a plane of width*height values 0..255. */
    public int[] plane(int c) {
        int[] out = new int[rgb.length];
        int shift = 16 - 8 * c;
        for (int i = 0; i < out.length; i++) {
            out[i] = (rgb[i] >> shift) & 0xFF;
        }
        return out;
    }

    /** The pixels as {@code 0xRRGGBB}, a copy. */
    public int[] pixels() {
        return rgb.clone();
    }

    /** The rectangle [left, left+w) × [top, top+h); parts outside the image are black (torchvision pads with 0). */
    public RgbImage crop(int left, int top, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = top + y;
            for (int x = 0; x < w; x++) {
                int sx = left + x;
                if (sx >= 0 && sx < width && sy >= 0 && sy < height) {
                    out[y * w + x] = rgb[sy * width + sx];
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage
                && ((RgbImage) o).width == width
                && ((RgbImage) o).height == height
                && Arrays.equals(((RgbImage) o).rgb, rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb) * 31 + width;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
