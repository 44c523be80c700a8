package io.github.lxt4j.eval;

/** Runs a model forward and reads one target token's logit and probability at the last position of each row. */
public interface TargetScorer {

    /** Per row: the target's logit and its softmax probability over the vocabulary. */
    record Scores(double[] logits, double[] probabilities) {}

    /** @param rows equal-length token id rows (no padding) */
    Scores score(long[][] rows, long target);
}
