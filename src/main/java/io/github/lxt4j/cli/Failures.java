package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import java.io.PrintWriter;

/**
 * The CLI's one top-level handler: turns whatever ended a command into its exit code and one line on stderr. A closed
 * standard output pipe ends quietly with {@value #CLOSED_PIPE}, the status a shell reports for a process that
 * SIGPIPE ended (as {@code cat} and {@code yes} end under {@code | head}).
 */
final class Failures {
    /** Bad input, options or environment: the user can fix it. */
    static final int USER_ERROR = 2;
    /** An unexpected failure: a bug in lxt4j or a library. */
    static final int UNEXPECTED = 1;
    /** 128 + SIGPIPE (13). */
    static final int CLOSED_PIPE = 141;

    private Failures() {
    }

    /** Reports {@code t} on {@code err} and returns the exit code. */
    static int report(Throwable t, PrintWriter err) {
        if (causedBy(t, StdoutException.Closed.class)) {
            return CLOSED_PIPE;
        }
        err.println("error: " + t.getMessage());
        err.flush();
        return t instanceof Lxt4jException || t instanceof IllegalArgumentException ? USER_ERROR : UNEXPECTED;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
