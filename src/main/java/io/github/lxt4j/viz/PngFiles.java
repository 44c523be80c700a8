package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as PNG, under {@link SafeOutput}'s policy (ImageIO only ever sees our temporary file's stream). */
final class PngFiles {
    private PngFiles() {}

    static void write(BufferedImage image, Path file) throws IOException {
        SafeOutput.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for image type " + image.getType());
            }
        });
    }
}
