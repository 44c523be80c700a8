package io.github.lxt4j.io.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads PNG, JPEG (baseline and progressive, YCbCr or gray), GIF and BMP files with ImageIO, as {@link RgbImage}. The
 * size is read from the header first: an image of more than {@link #MAX_PIXELS} pixels is refused before decoding.
 */
public final class ImageFiles {
    /** The pixel budget: 100 megapixels (400 MB decoded as ARGB). */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageFiles() {}

    static {
        ImageIO.setUseCache(false);
    }

    /** The image in {@code file}, converted to 8-bit RGB (see {@link RgbImage#of}). */
    public static RgbImage readRgb(Path file) {
        return RgbImage.of(read(file));
    }

    /** The image as ImageIO decodes it, at most {@link #MAX_PIXELS} pixels. */
    public static BufferedImage read(Path file) {
        return read(file, MAX_PIXELS);
    }

    /** The image as ImageIO decodes it; refused from its header when it has more than {@code maxPixels} pixels. */
    public static BufferedImage read(Path file, long maxPixels) {
        if (Files.isDirectory(file)) {
            throw new ImageReadException(file, "it is a directory");
        }
        BufferedImage img;
        String format = "";
        try (InputStream raw = Files.newInputStream(file);
                ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ImageReadException(file, "not a PNG, JPEG, GIF or BMP image (no decoder recognised it)");
            }
            ImageReader reader = readers.next();
            try {
                format = reader.getFormatName().toLowerCase(Locale.ROOT);
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > maxPixels) {
                    throw new ImageReadException(
                            file,
                            "its header declares " + w + "x" + h + " = " + w * h + " pixels, more than the budget of "
                                    + maxPixels + " pixels");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageReadException(file, "no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(file, "the decoder failed (" + e.getMessage() + ")" + hint(format, e), e);
        }
        if (img == null) {
            throw new ImageReadException(file, "not a PNG, JPEG, GIF or BMP image (no decoder recognised it)");
        }
        if (img.getWidth() < 1 || img.getHeight() < 1) {
            throw new ImageReadException(file, "the image is empty (" + img.getWidth() + "x" + img.getHeight() + ")");
        }
        return img;
    }

    /** The CMYK / 16-bit hint, only for a JPEG whose decoder rejected its color space or precision. */
    private static String hint(String format, Exception e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        boolean jpeg = format.equals("jpeg") || format.equals("jpg");
        if (jpeg
                && (m.contains("unsupported image type")
                        || m.contains("cmyk")
                        || m.contains("color space")
                        || m.contains("precision")
                        || m.contains("bits"))) {
            return "; CMYK JPEGs and 16-bit JPEGs are not supported";
        }
        return "";
    }
}
