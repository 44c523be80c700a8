package io.github.lxt4j.eval;

import io.github.lxt4j.explain.Method;

/**
 * What one method's explanation of one example scored.
 *
 * @param predicted the explained token: the model's argmax
 * @param correct whether {@code predicted} decodes to the answer; null without an answer
 * @param sourceRank the source position's 1-based rank ({@link RelevanceOrder}); null without a source position
 * @param curves the perturbation curves; null unless ABPC was asked for
 */
public record ExampleResult(
        EvalExample example,
        Method method,
        long predicted,
        Boolean correct,
        Integer sourceRank,
        FaithfulnessCurves curves,
        Conservation conservation) {

    /** Whether the source is among the k most relevant positions; null without a source position. */
    public Boolean hit(int k) {
        return sourceRank == null ? null : sourceRank <= HitAtK.checkK(k);
    }
}
