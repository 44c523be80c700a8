package io.github.lxt4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as PNG. */
final class PngFiles {
    private PngFiles() {
    }

    static void write(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("No PNG writer available for image type " + image.getType() + " (" + file + ")");
        }
    }
}
