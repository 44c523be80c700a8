package io.github.lxt4j.io.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An HF image processor ({@code ViTImageProcessor} and its kin) as its {@code preprocessor_config.json} describes it:
 * convert to RGB, resize with a Pillow filter ({@code resample}) either to exactly {@code size.height} ×
 * {@code size.width} (a bare number is a square, as ViT reads it) or the shortest edge to {@code size.shortest_edge},
 * optionally center-crop {@code crop_size} (offsets rounded down, as HF crops arrays), rescale by
 * {@code rescale_factor} and normalise each channel with {@code (x − image_mean) / image_std}. The result is a
 * float32 [N, 3, H, W] array.
 *
 * @param height output height
 * @param width output width
 * @param resize the resize step, or null when {@code do_resize} is false
 * @param filter the Pillow filter of the resize
 * @param cropHeight crop height, or 0 when there is no center crop
 * @param cropWidth crop width, or 0 when there is no center crop
 * @param rescale the factor each 8-bit value is multiplied by (1 when {@code do_rescale} is false)
 * @param mean per-channel mean (zeros when {@code do_normalize} is false)
 * @param std per-channel std (ones when {@code do_normalize} is false)
 */
public record ImageProcessor(
        int height,
        int width,
        Resize resize,
        PillowResampler.Filter filter,
        int cropHeight,
        int cropWidth,
        double rescale,
        double[] mean,
        double[] std) {

    /** The file an HF model folder describes its image processor in. */
    public static final String FILE = "preprocessor_config.json";

    /** How the image is resized. */
    public record Resize(int height, int width, int shortestEdge) {
        /** The size of an image of {@code w} × {@code h} after this resize: {width, height}. */
        int[] apply(int w, int h) {
            if (shortestEdge == 0) {
                return new int[] {width, height};
            }
            return ImagePreprocessor.resizedSize(w, h, shortestEdge);
        }
    }

    public ImageProcessor {
        mean = mean.clone();
        std = std.clone();
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image processor output must be at least 1x1, got " + width + "x" + height);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException(
                    "mean and std need 3 values each, got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
    }

    /**
     * HF {@code ViTImageProcessor}'s defaults for images of {@code size} × {@code size}: bilinear resize, rescale by
     * 1/255, mean and std 0.5.
     */
    public static ImageProcessor vitDefaults(int size) {
        return new ImageProcessor(
                size,
                size,
                new Resize(size, size, 0),
                PillowResampler.Filter.BILINEAR,
                0,
                0,
                1 / 255.0,
                new double[] {0.5, 0.5, 0.5},
                new double[] {0.5, 0.5, 0.5});
    }

    /**
     * The folder's {@code preprocessor_config.json}, with the fields it lacks taken from {@link #vitDefaults}, or
     * those defaults when the folder has none.
     *
     * @throws ConfigException naming the file and field for a value that is not understood
     */
    public static ImageProcessor read(Path folder, int defaultSize) {
        Path file = folder.resolve(FILE);
        return Files.isRegularFile(file) ? parse(JsonConfig.read(file), defaultSize) : vitDefaults(defaultSize);
    }

    /** Parses a {@code preprocessor_config.json}; see {@link #read}. */
    public static ImageProcessor parse(JsonConfig c, int defaultSize) {
        ImageProcessor d = vitDefaults(defaultSize);
        Resize resize = null;
        int h = defaultSize;
        int w = defaultSize;
        if (c.optBoolean("do_resize", true)) {
            resize = c.has("size") && !c.isNull("size") ? size(c, "size") : d.resize();
            h = resize.height();
            w = resize.width();
        }
        PillowResampler.Filter filter;
        try {
            filter = PillowResampler.Filter.ofPillowCode(c.optInt("resample", 2));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": field 'resample': " + e.getMessage());
        }
        int ch = 0;
        int cw = 0;
        if (c.optBoolean("do_center_crop", false)) {
            Resize crop = size(c, "crop_size");
            ch = crop.height();
            cw = crop.width();
            h = ch;
            w = cw;
        }
        if (resize != null && resize.shortestEdge() > 0 && ch == 0) {
            throw new ConfigException(c.source() + ": 'size' gives a shortest edge without a center crop, so the"
                    + " output size would depend on each image's aspect ratio; a square crop_size is needed");
        }
        double rescale = c.optBoolean("do_rescale", true) ? c.optDouble("rescale_factor", 1 / 255.0) : 1.0;
        boolean normalize = c.optBoolean("do_normalize", true);
        double[] mean = normalize ? channels(c, "image_mean", d.mean()) : new double[] {0, 0, 0};
        double[] std = normalize ? channels(c, "image_std", d.std()) : new double[] {1, 1, 1};
        for (int i = 0; i < 3; i++) {
            if (!(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new ConfigException(
                        c.source() + ": field 'image_std' must hold numbers > 0, found " + Arrays.toString(std));
            }
        }
        if (h < 1 || w < 1 || !(rescale > 0)) {
            throw new ConfigException(c.source() + ": image sizes and 'rescale_factor' must be > 0");
        }
        return new ImageProcessor(h, w, resize, filter, ch, cw, rescale, mean, std);
    }

    /** {@code size} / {@code crop_size}: a number (a square), {height, width} or {shortest_edge}. */
    private static Resize size(JsonConfig c, String field) {
        JsonNode v = c.raw(field);
        if (v != null && v.isIntegralNumber()) {
            int s = v.asInt();
            return new Resize(s, s, 0);
        }
        if (v == null || !v.isObject()) {
            throw new ConfigException(c.source() + ": field '" + field + "' must be a number or an object with"
                    + " height and width (or shortest_edge), found " + v);
        }
        JsonConfig o = c.object(field);
        if (o.has("height") && o.has("width")) {
            return new Resize(o.requireInt("height"), o.requireInt("width"), 0);
        }
        if (o.has("shortest_edge")) {
            int s = o.requireInt("shortest_edge");
            return new Resize(s, s, s);
        }
        throw new ConfigException(
                c.source() + ": field '" + field + "' has neither height and width nor" + " shortest_edge: " + v);
    }

    private static double[] channels(JsonConfig c, String field, double[] fallback) {
        if (!c.has(field) || c.isNull(field)) {
            return fallback;
        }
        double[] v = c.doubleList(field);
        if (v.length == 1) {
            return new double[] {v[0], v[0], v[0]};
        }
        if (v.length != 3) {
            throw new ConfigException(
                    c.source() + ": field '" + field + "' must hold 1 or 3 values, found " + Arrays.toString(v));
        }
        return v;
    }

    /** Resize and crop, in 8-bit RGB: the image the model sees, before rescaling and normalisation. */
    public RgbImage resizeAndCrop(RgbImage image) {
        RgbImage out = image;
        if (resize != null) {
            int[] wh = resize.apply(image.width(), image.height());
            if (wh[0] != image.width() || wh[1] != image.height()) {
                out = PillowResampler.resize(image, wh[0], wh[1], filter);
            }
        }
        if (cropHeight > 0) {
            int top = (out.height() - cropHeight) / 2;
            int left = (out.width() - cropWidth) / 2;
            if (top < 0 || left < 0) {
                throw new IllegalArgumentException("image of " + out.width() + "x" + out.height() + " after resizing is"
                        + " smaller than the center crop " + cropWidth + "x" + cropHeight);
            }
            out = out.crop(left, top, cropWidth, cropHeight);
        }
        if (out.width() != width || out.height() != height) {
            throw new IllegalArgumentException("image of " + image.width() + "x" + image.height() + " became "
                    + out.width() + "x" + out.height() + ", not the model's " + width + "x" + height
                    + ": the processor config has no resize (do_resize false)");
        }
        return out;
    }

    /**
     * Where the image the model sees lies in an image of {@code w} × {@code h} pixels, in that image's own pixel
     * coordinates: {left, top, width, height}.
     */
    public double[] cropInOriginal(int w, int h) {
        int[] wh = resize != null ? resize.apply(w, h) : new int[] {w, h};
        double sx = (double) w / wh[0];
        double sy = (double) h / wh[1];
        if (cropHeight == 0) {
            return new double[] {0, 0, w, h};
        }
        int top = (wh[1] - cropHeight) / 2;
        int left = (wh[0] - cropWidth) / 2;
        return new double[] {left * sx, top * sy, cropWidth * sx, cropHeight * sy};
    }

    /** [3, H, W] float32 values {@code (v · rescale − mean[c]) / std[c]} of an image (no resizing), channel-major. */
    public float[] normalize(RgbImage image) {
        int n = image.width() * image.height();
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            int[] plane = image.plane(c);
            float m = (float) mean[c];
            float s = (float) std[c];
            for (int i = 0; i < n; i++) {
                out[c * n + i] = ((float) (plane[i] * rescale) - m) / s;
            }
        }
        return out;
    }

    /** Images → [N, 3, height, width] float32. */
    public TensorData process(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to preprocess");
        }
        int per = 3 * height * width;
        float[] out = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(normalize(resizeAndCrop(images.get(i))), 0, out, i * per, per);
        }
        return TensorData.ofFloats(out, images.size(), 3, height, width);
    }

    /** Image files → [N, 3, height, width] float32; a file that is not an image raises {@link ImageReadException}. */
    public TensorData process(Path... files) {
        List<RgbImage> images = new ArrayList<>(files.length);
        for (Path f : files) {
            images.add(ImageFiles.readRgb(f));
        }
        return process(images);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageProcessor p
                && height == p.height
                && width == p.width
                && Objects.equals(resize, p.resize)
                && filter == p.filter
                && cropHeight == p.cropHeight
                && cropWidth == p.cropWidth
                && rescale == p.rescale
                && Arrays.equals(mean, p.mean)
                && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                height,
                width,
                resize,
                filter,
                cropHeight,
                cropWidth,
                rescale,
                Arrays.hashCode(mean),
                Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "ImageProcessor(" + width + "x" + height + ", resize " + resize + " " + filter + ", crop "
                + cropWidth + "x" + cropHeight + ", rescale " + rescale + ", mean " + Arrays.toString(mean)
                + ", std " + Arrays.toString(std) + ")";
    }
}
