package io.github.lxt4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The batching loop of the JSONL explain streams: reads and prepares lines, and hands each full batch (and the last,
 * partial one) to a flush that explains, writes and clears it. A bad line first flushes the lines before it.
 */
final class JsonlBatches {
    private JsonlBatches() {}

    /**
     * Streams {@code in} through {@code prepare} and {@code flush}, {@code batchSize} lines at a time; {@code flush}
     * does nothing for an empty batch and clears the batch it wrote.
     */
    static <P> void stream(PromptReader in, int batchSize, Function<PromptLine, P> prepare, Consumer<List<P>> flush) {
        List<P> batch = new ArrayList<>();
        while (true) {
            P next;
            try {
                JsonLine line = in.next();
                if (line == null) {
                    break;
                }
                next = prepare.apply(PromptLine.of(line));
            } catch (JsonlException bad) {
                try {
                    flush.accept(batch);
                } catch (RuntimeException e) {
                    bad.addSuppressed(e);
                }
                throw bad;
            }
            batch.add(next);
            if (batch.size() == batchSize) {
                flush.accept(batch);
            }
        }
        flush.accept(batch);
    }
}
