package io.github.lxt4j.cli;

import io.github.lxt4j.OptionalDependency;
import java.io.PrintWriter;

/**
 * Progress of long work on stderr: on a terminal a bar with the rate and the time left ({@link BarProgress}), else
 * (piped, CI, tests, or without the progressbar jar) plain lines such as {@code [eval] attnlrp 16/20}.
 */
abstract class Progress implements AutoCloseable {

    /**
     * Progress of {@code task} through {@code total} steps (0 or less: a total not known in advance).
     *
     * @param unit what a step is, for the plain lines ("lines done") and the bar's rate; empty for {@code 16/20}
     */
    static Progress open(PrintWriter err, String task, long total, String unit) {
        return bar(ColorOptions.terminal(), OptionalDependency.PROGRESSBAR.isPresent())
                ? new BarProgress(err, task, total, unit)
                : new PlainProgress(err, task, total, unit);
    }

    /** A bar only on a terminal (decided as {@code --color auto} decides it) and with the progressbar jar. */
    static boolean bar(boolean terminal, boolean progressBarPresent) {
        return terminal && progressBarPresent;
    }

    /** {@code done} steps are done. */
    abstract void stepTo(long done);

    /** Ends the display; closing again does nothing. */
    @Override
    public abstract void close();
}
