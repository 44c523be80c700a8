package io.github.lxt4j.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which positions count as relevant, shared by hit@k and the perturbation curves.
 *
 * <p>Most relevant first: positions {@code first..T-1} by descending signed relevance; equal relevances rank the
 * earlier position first, as numpy's and {@code Explanation.argmax}'s argmax do.
 * Least relevant first is exactly the reverse of that order (so among equal relevances the later position comes
 * first). Positions before {@code first} (position 0: the BOS token of LLaMA-family tokenizers) take no part.
 */
public final class RelevanceOrder {
    private RelevanceOrder() {}

    /** Positions {@code first..T-1}, most relevant first. */
    public static int[] mostRelevantFirst(double[] relevance, int first) {
        check(relevance, first);
        Integer[] pos = new Integer[relevance.length - first];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = first + i;
        }
        Arrays.sort(pos, Comparator.<Integer>comparingDouble(p -> -relevance[p]).thenComparingInt(p -> p));
        return Arrays.stream(pos).mapToInt(Integer::intValue).toArray();
    }

    /** Positions {@code first..T-1}, least relevant first: the reverse of {@link #mostRelevantFirst}. */
    public static int[] leastRelevantFirst(double[] relevance, int first) {
        int[] order = mostRelevantFirst(relevance, first);
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = order[order.length - 1 - i];
        }
        return out;
    }

    /** The 1-based rank of {@code position} in {@link #mostRelevantFirst} order. */
    public static int rank(double[] relevance, int position, int first) {
        check(relevance, first);
        if (position < first || position >= relevance.length) {
            throw new EvalInputException("position " + position + " is outside the ranked positions " + first + ".."
                    + (relevance.length - 1));
        }
        int[] order = mostRelevantFirst(relevance, first);
        int r = 0;
        while (order[r] != position) {
            r++;
        }
        return r + 1;
    }

    private static void check(double[] relevance, int first) {
        if (first < 0) {
            throw new EvalInputException("the first ranked position must be >= 0, got " + first);
        }
        if (relevance.length <= first) {
            throw new EvalInputException(
                    "nothing to rank: " + relevance.length + " positions, ranking starts at " + first);
        }
        for (int i = first; i < relevance.length; i++) {
            if (Double.isNaN(relevance[i])) {
                throw new EvalInputException("relevance at position " + i + " is NaN");
            }
        }
    }
}
