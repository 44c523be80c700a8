package io.github.lxt4j.io.images;

import io.github.lxt4j.Lxt4jException;
import java.nio.file.Path;

/** A file that cannot be read as an image: missing, unreadable, not an image, or an unsupported kind of image. */
public class ImageReadException extends Lxt4jException {
    private final Path file;

    public ImageReadException(Path file, String why) {
        super("cannot read image " + file + ": " + why);
        this.file = file;
    }

    public ImageReadException(Path file, String why, Throwable cause) {
        super("cannot read image " + file + ": " + why, cause);
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
