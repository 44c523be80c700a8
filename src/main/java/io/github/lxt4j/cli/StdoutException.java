package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import java.io.IOException;

/** Standard output could not be written: {@code stdout:N: cannot write: REASON}, N the line that failed. */
class StdoutException extends Lxt4jException {
    StdoutException(long line, IOException cause) {
        super("stdout:" + line + ": cannot write: " + JsonlException.reason(cause), cause);
    }

    /** The reader of the pipe has gone (EPIPE, as after {@code | head}): the CLI stops quietly. */
    static final class Closed extends StdoutException {
        Closed(long line, IOException cause) {
            super(line, cause);
        }
    }

    static StdoutException of(long line, IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Broken pipe") ? new Closed(line, e) : new StdoutException(line, e);
    }
}
