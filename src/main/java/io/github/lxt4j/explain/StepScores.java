package io.github.lxt4j.explain;

/**
 * Scores of one generation step from its next-token logits, computed in double: the softmax probability of a token
 * and the entropy of the whole distribution (in nats), as Inseq's {@code probability} and {@code entropy} step
 * functions.
 */
public final class StepScores {
    private StepScores() {}

    /** The first index of the largest logit (greedy decoding). */
    public static long argmax(double[] logits) {
        return Argmax.of(logits);
    }

    /** softmax(logits), shifted by the maximum for stability. */
    public static double[] softmax(double[] logits) {
        double max = logits[(int) argmax(logits)];
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** −Σ p log p of a distribution, in nats (0·log 0 = 0). */
    public static double entropy(double[] probabilities) {
        double h = 0;
        for (double p : probabilities) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
