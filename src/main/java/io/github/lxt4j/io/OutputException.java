package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;
import java.nio.file.Path;

/** An output file that lxt4j refuses to write (not a regular file, folder not writable) or failed to write. */
public class OutputException extends Lxt4jException {
    public OutputException(Path file, String reason) {
        super("cannot write " + file + ": " + reason);
    }

    public OutputException(Path file, String reason, Throwable cause) {
        super("cannot write " + file + ": " + reason, cause);
    }

    private OutputException(String message) {
        super(message);
    }

    /** An output refused with a sentence of its own, such as that it is one of the inputs. */
    public static OutputException refused(String message) {
        return new OutputException(message);
    }
}
