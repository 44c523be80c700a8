package io.github.lxt4j.cli;

import java.io.PrintWriter;

/** {@link Progress} as one plain line per step: {@code [eval] attnlrp 16/20}, or {@code [explain] 8 lines done}. */
final class PlainProgress extends Progress {
    private final PrintWriter err;
    private final String task;
    private final long total;
    private final String unit;

    PlainProgress(PrintWriter err, String task, long total, String unit) {
        this.err = err;
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    @Override
    void stepTo(long done) {
        String count = total > 0 ? done + "/" + total : Long.toString(done);
        err.println(task + " " + count + (unit.isEmpty() ? "" : " " + unit + " done"));
        err.flush();
    }

    @Override
    public void close() {
        err.flush();
    }
}
