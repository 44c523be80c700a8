package io.github.lxt4j.eval;

import java.util.Arrays;

/**
 * The perturbation experiment of one prompt: replace input tokens by a baseline token, most relevant first and
 * least relevant first (see {@link RelevanceOrder}), and follow the target's logit and probability. The sequence
 * keeps its length, so every position stays where it was; positions before {@code first} (BOS) are never replaced.
 *
 * <p>With P perturbable positions and N steps, step k replaces {@code round(k·P/N)} positions (halves round up), so
 * step 0 is the prompt itself and step N replaces all P. Both curves' 2·(N+1) rows go through the scorer as one
 * equal-length batch.
 */
public final class Perturbation {

    private final TargetScorer scorer;
    private final int steps;
    private final long baselineId;
    private final int first;

    /**
     * @param steps N ≥ 1
     * @param baselineId the replacement token id
     * @param first the first perturbable position (1 keeps a BOS at position 0 in place)
     */
    public Perturbation(TargetScorer scorer, int steps, long baselineId, int first) {
        if (steps < 1) {
            throw new EvalInputException("perturbation needs at least 1 step, got " + steps);
        }
        if (first < 0) {
            throw new EvalInputException("the first perturbable position must be >= 0, got " + first);
        }
        this.scorer = scorer;
        this.steps = steps;
        this.baselineId = baselineId;
        this.first = first;
    }

    public long baselineId() {
        return baselineId;
    }

    /** Both curves of {@code ids}, ordered by {@code relevance}, following the logit of token {@code target}. */
    public FaithfulnessCurves curves(long[] ids, double[] relevance, long target) {
        if (ids.length != relevance.length) {
            throw new EvalInputException(ids.length + " token ids but " + relevance.length + " relevances");
        }
        int[] morf = RelevanceOrder.mostRelevantFirst(relevance, first);
        int[] lerf = RelevanceOrder.leastRelevantFirst(relevance, first);
        int[] counts = counts(morf.length, steps);
        long[][] rows = new long[2 * (steps + 1)][];
        System.arraycopy(rows(ids, morf, counts, baselineId), 0, rows, 0, steps + 1);
        System.arraycopy(rows(ids, lerf, counts, baselineId), 0, rows, steps + 1, steps + 1);
        TargetScorer.Scores s = scorer.score(rows, target);
        double[] fractions = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            fractions[k] = counts[k] / (double) morf.length;
        }
        return new FaithfulnessCurves(
                curve(PerturbationCurve.Order.MORF, morf, counts, fractions, s, 0),
                curve(PerturbationCurve.Order.LERF, lerf, counts, fractions, s, steps + 1));
    }

    private PerturbationCurve curve(
            PerturbationCurve.Order order,
            int[] positions,
            int[] counts,
            double[] fractions,
            TargetScorer.Scores s,
            int offset) {
        return new PerturbationCurve(
                order,
                positions,
                counts,
                fractions,
                Arrays.copyOfRange(s.logits(), offset, offset + steps + 1),
                Arrays.copyOfRange(s.probabilities(), offset, offset + steps + 1));
    }

    /** Positions replaced after each step k = 0..N: round(k·P/N), halves up, in exact integer arithmetic. */
    static int[] counts(int perturbable, int steps) {
        int[] out = new int[steps + 1];
        for (int k = 0; k <= steps; k++) {
            out[k] = (int) ((2L * k * perturbable + steps) / (2L * steps));
        }
        return out;
    }

    /** Row k: {@code ids} with the first {@code counts[k]} positions of {@code order} set to {@code baseline}. */
    static long[][] rows(long[] ids, int[] order, int[] counts, long baseline) {
        long[][] out = new long[counts.length][];
        for (int k = 0; k < counts.length; k++) {
            out[k] = ids.clone();
            for (int i = 0; i < counts[k]; i++) {
                out[k][order[i]] = baseline;
            }
        }
        return out;
    }
}
