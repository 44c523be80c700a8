package io.github.lxt4j.cli;

import io.github.lxt4j.explain.ExplainWorkers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The batching loop of the JSONL explain streams: reads and prepares lines on the calling thread, has each full batch
 * (and the last, partial one) explained by the {@link ExplainWorkers} and writes the results in input order. A bad
 * line first writes the batches before it and explains and writes the lines before it in its own batch, as a
 * sequential run does; with one worker the run is sequential.
 */
final class JsonlBatches {
    private JsonlBatches() {}

    /**
     * Streams {@code in} through {@code prepare} (on this thread), {@code explain} (on a worker, one batch of at most
     * {@code batchSize} prepared lines) and {@code write} (on this thread, in input order).
     */
    static <P, R> void stream(
            PromptReader in,
            int batchSize,
            ExplainWorkers workers,
            Function<JsonLine, P> prepare,
            Function<List<P>, R> explain,
            Consumer<R> write) {
        try (ExplainWorkers.Ordered<R> ordered = workers.ordered(write)) {
            List<P> batch = new ArrayList<>();
            while (true) {
                P next;
                try {
                    JsonLine line = in.next();
                    if (line == null) {
                        break;
                    }
                    next = prepare.apply(line);
                } catch (RuntimeException bad) {
                    ordered.finish(); // a failure of an earlier batch comes first, as it would sequentially
                    if (bad instanceof JsonlException) {
                        try {
                            submit(ordered, batch, explain);
                            ordered.finish();
                        } catch (RuntimeException e) {
                            bad.addSuppressed(e);
                        }
                    }
                    throw bad;
                }
                batch.add(next);
                if (batch.size() == batchSize) {
                    submit(ordered, batch, explain);
                    batch = new ArrayList<>();
                }
            }
            submit(ordered, batch, explain);
            ordered.finish();
        }
    }

    private static <P, R> void submit(ExplainWorkers.Ordered<R> ordered, List<P> batch, Function<List<P>, R> explain) {
        if (!batch.isEmpty()) {
            List<P> lines = List.copyOf(batch);
            ordered.submit(() -> explain.apply(lines));
        }
    }
}
