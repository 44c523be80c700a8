package io.github.lxt4j.eval;

import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Explains and scores the equal-length batches of a dataset on {@link ExplainWorkers}: each batch on a worker, the
 * scores put back in the items' order and the progress updated on the calling thread as batches complete in order.
 */
final class ScoredBatches {
    private ScoredBatches() {}

    /** {@code explainAndScore} turns one batch of items into their results, in the batch's order. */
    static List<ExampleResult> run(
            List<EvalItem> items,
            int batchSize,
            ExplainWorkers workers,
            Method method,
            EvalProgress progress,
            Function<List<EvalItem>, List<ExampleResult>> explainAndScore) {
        ExampleResult[] out = new ExampleResult[items.size()];
        int[] done = {0};
        record Scored(int[] batch, List<ExampleResult> results) {}
        try (ExplainWorkers.Ordered<Scored> ordered = workers.ordered(s -> {
            for (int j = 0; j < s.batch().length; j++) {
                out[s.batch()[j]] = s.results().get(j);
            }
            done[0] += s.batch().length;
            progress.update(method, done[0], items.size());
        })) {
            for (int[] batch : Evaluator.batches(items, batchSize)) {
                List<EvalItem> members = new ArrayList<>();
                for (int i : batch) {
                    members.add(items.get(i));
                }
                ordered.submit(() -> new Scored(batch, explainAndScore.apply(members)));
            }
            ordered.finish();
        }
        return Arrays.asList(out);
    }
}
