package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;

/**
 * The LaTeX engine ran but produced no PDF: it failed, timed out or could not be started. The message names the
 * engine and carries the tail of its log.
 */
public class LatexCompilationException extends Lxt4jException {
    /** An exception with the given message. */
    public LatexCompilationException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public LatexCompilationException(String message, Throwable cause) {
        super(message, cause);
    }
}
