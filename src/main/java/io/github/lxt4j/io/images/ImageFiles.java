package io.github.lxt4j.io.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads PNG, JPEG (baseline and progressive, YCbCr or gray), GIF and BMP files with ImageIO, as {@link RgbImage}. */
public final class ImageFiles {
    private ImageFiles() {
    }

    static {
        ImageIO.setUseCache(false);
    }

    /** The image in {@code file}, converted to 8-bit RGB (see {@link RgbImage#of}). */
    public static RgbImage readRgb(Path file) {
        return RgbImage.of(read(file));
    }

    /** The image as ImageIO decodes it. */
    public static BufferedImage read(Path file) {
        if (Files.isDirectory(file)) {
            throw new ImageReadException(file, "it is a directory");
        }
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (NoSuchFileException e) {
            throw new ImageReadException(file, "no such file", e);
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(file, "the decoder failed (" + e.getMessage()
                    + "); CMYK JPEGs and 16-bit JPEGs are not supported", e);
        }
        if (img == null) {
            throw new ImageReadException(file, "not a PNG, JPEG, GIF or BMP image (no decoder recognised it)");
        }
        if (img.getWidth() < 1 || img.getHeight() < 1) {
            throw new ImageReadException(file, "the image is empty (" + img.getWidth() + "x" + img.getHeight() + ")");
        }
        return img;
    }
}
