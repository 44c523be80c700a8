package io.github.lxt4j.cli;

import io.github.lxt4j.eval.EvalProgress;
import io.github.lxt4j.explain.Method;
import java.io.PrintWriter;

/** The progress of {@code eval}: one {@link Progress} per method, {@code [eval] attnlrp 16/20}. */
final class EvalMethodProgress implements EvalProgress, AutoCloseable {
    private final PrintWriter err;
    private Method method;
    private Progress current;

    EvalMethodProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(Method m, int done, int total) {
        if (m != method) {
            close();
            method = m;
            current = Progress.open(err, "[eval] " + m.cliName(), total, "");
        }
        current.stepTo(done);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
