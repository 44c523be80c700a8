package io.github.lxt4j.cli;

import java.util.List;

/**
 * The result lines of one explained batch of the JSON Lines mode, made on a worker, and the failure that cut the
 * batch short (null when none): its lines before the failing one are written, then the failure is thrown.
 */
record BatchLines(List<String> lines, RuntimeException failure) {

    BatchLines {
        lines = List.copyOf(lines);
    }

    static BatchLines of(List<String> lines) {
        return new BatchLines(lines, null);
    }

    /** Writes the lines in order, then throws the failure, if any. */
    void writeTo(JsonlSink out) {
        for (String line : lines) {
            out.write(line);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
