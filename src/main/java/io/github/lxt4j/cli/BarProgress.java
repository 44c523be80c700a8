package io.github.lxt4j.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link Progress} as me.tongfei's progress bar: percentage, count, rate and time left, redrawn in place on the
 * command's stderr. Only {@link Progress#open} creates it (on a terminal), so the library is loaded only then.
 */
final class BarProgress extends Progress {
    private final ProgressBar bar;
    private boolean closed;

    BarProgress(PrintWriter err, String task, long total, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setConsumer(new WriterConsumer(err))
                .showSpeed()
                .setUpdateIntervalMillis(200);
        if (!unit.isEmpty()) {
            b.setUnit(" " + unit, 1);
        }
        this.bar = b.build();
    }

    @Override
    void stepTo(long done) {
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bar.close();
        }
    }

    /** Draws on the command's stderr writer, as wide as the terminal that the library measures. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;

        WriterConsumer(PrintWriter err) {
            this.err = err;
            ConsoleProgressBarConsumer terminal = new ConsoleProgressBarConsumer(System.err);
            this.width = terminal.getMaxRenderedLength();
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
