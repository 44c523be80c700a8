package io.github.lxt4j.eval;

import io.github.lxt4j.autograd.ConservationReport;
import io.github.lxt4j.explain.Explanation;

/**
 * Input-level conservation of one explanation: the relevance summed over every input position (padding excluded,
 * BOS included) against the explained target value. LRP conserves up to what biases, constants and the ε
 * stabilizers absorb; gradient × input conserves only for piecewise-linear bias-free models. The relative error is
 * {@link ConservationReport#relativeError}'s, as for each op; to see which ops lose relevance, run the explanation on a
 * tape opened with {@code Tape.record().trackConservation()} (docs/autograd.md).
 *
 * @param target the explained value (logit, probability or logit difference)
 * @param relevanceSum Σ relevance over the input positions
 */
public record Conservation(double target, double relevanceSum) {

    public static Conservation of(Explanation e) {
        return new Conservation(e.targetValue(), e.totalRelevance());
    }

    /** |Σ relevance − target| / max(|target|, 1e-12). */
    public double relativeError() {
        return ConservationReport.relativeError(target, relevanceSum);
    }
}
