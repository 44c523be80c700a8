package io.github.lxt4j.tensor.storage;

import java.util.stream.IntStream;

/** Runs a per-row body over all rows, in parallel chunks on the common ForkJoinPool when the work is large. */
final class RowTasks {
    private static final long PARALLEL_ELEMENTS = 1 << 16;

    private RowTasks() {}

    interface RowBody {
        /** Handles row {@code row}; {@code scratch} has one row's length and belongs to the calling thread. */
        void row(int row, float[] scratch);
    }

    static void run(int rows, int cols, RowBody body) {
        if ((long) rows * cols < PARALLEL_ELEMENTS || rows < 2) {
            float[] scratch = new float[cols];
            for (int r = 0; r < rows; r++) {
                body.row(r, scratch);
            }
            return;
        }
        int chunks = Math.min(rows, 8 * Runtime.getRuntime().availableProcessors());
        IntStream.range(0, chunks).parallel().forEach(c -> {
            float[] scratch = new float[cols];
            int from = (int) ((long) rows * c / chunks);
            int to = (int) ((long) rows * (c + 1) / chunks);
            for (int r = from; r < to; r++) {
                body.row(r, scratch);
            }
        });
    }
}
