package io.github.lxt4j.io.images;

import io.github.lxt4j.io.TensorData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP's image preprocessing, as OpenCLIP's and HF's eval transforms do it: convert to RGB, resize the shortest side
 * to {@code size} with Pillow's bicubic filter (torchvision {@code Resize(size, BICUBIC)}: the longer side becomes
 * {@code int(size · long / short)}), center-crop {@code size} × {@code size} (offsets rounded half to even, like
 * torchvision), scale to [0, 1] and normalise each channel with {@code (x − mean) / std}. The result is a float32
 * [N, 3, size, size] array.
 *
 * <p>One difference from OpenCLIP: OpenCLIP converts to RGB after resizing, so Pillow resizes RGBA images with
 * premultiplied alpha; here alpha is dropped first. Fully opaque images are unaffected.
 */
public final class ImagePreprocessor {

    private final int size;
    private final double[] mean;
    private final double[] std;

    public ImagePreprocessor(int size, double[] mean, double[] std) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be >= 1, got " + size);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need 3 values each, got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        this.size = size;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public int size() {
        return size;
    }

    /** The size after resizing the shortest side to {@code size}: {width, height}. */
    public static int[] resizedSize(int width, int height, int size) {
        if (width <= height) {
            return new int[] {size, (int) ((long) size * height / width)};
        }
        return new int[] {(int) ((long) size * width / height), size};
    }

    /**
     * Where the centre crop the model sees lies in an image of {@code width} × {@code height} pixels, in that
     * image's own pixel coordinates: {left, top, width, height} (the crop offsets of {@link #resizeAndCrop} scaled
     * back by the resize factor of each axis).
     */
    public double[] cropInOriginal(int width, int height) {
        int[] wh = resizedSize(width, height, size);
        double sx = (double) width / wh[0];
        double sy = (double) height / wh[1];
        int top = (int) Math.rint((wh[1] - size) / 2.0);
        int left = (int) Math.rint((wh[0] - size) / 2.0);
        return new double[] {left * sx, top * sy, size * sx, size * sy};
    }

    /** Resize (shortest side) and center-crop, in 8-bit RGB: the image the model sees, before normalisation. */
    public RgbImage resizeAndCrop(RgbImage image) {
        int[] wh = resizedSize(image.width(), image.height(), size);
        RgbImage resized = wh[0] == image.width() && wh[1] == image.height()
                ? image
                : BicubicResampler.resize(image, wh[0], wh[1]);
        int top = (int) Math.rint((resized.height() - size) / 2.0);
        int left = (int) Math.rint((resized.width() - size) / 2.0);
        if (top == 0 && left == 0 && resized.width() == size && resized.height() == size) {
            return resized;
        }
        return resized.crop(left, top, size, size);
    }

    /** [3, H, W] float32 values {@code (v/255 − mean[c]) / std[c]} of an image (no resizing), channel-major. */
    public float[] normalize(RgbImage image) {
        int w = image.width();
        int h = image.height();
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            int[] plane = image.plane(c);
            float m = (float) mean[c];
            float s = (float) std[c];
            for (int i = 0; i < plane.length; i++) {
                out[c * plane.length + i] = (plane[i] / 255f - m) / s;
            }
        }
        return out;
    }

    /** Images → [N, 3, size, size] float32. */
    public TensorData process(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to preprocess");
        }
        int per = 3 * size * size;
        float[] out = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(normalize(resizeAndCrop(images.get(i))), 0, out, i * per, per);
        }
        return TensorData.ofFloats(out, images.size(), 3, size, size);
    }

    /** Image files → [N, 3, size, size] float32; a file that is not an image raises {@link ImageReadException}. */
    public TensorData process(Path... files) {
        List<RgbImage> images = new ArrayList<>(files.length);
        for (Path f : files) {
            images.add(ImageFiles.readRgb(f));
        }
        return process(images);
    }
}
