package io.github.lxt4j.eval;

/**
 * hit@k against a known source: the source position is among the {@code k} most relevant positions
 * {@code first..T-1}, ranked by {@link RelevanceOrder} (ties: the earlier position ranks higher). With
 * {@code first = 1} and {@code k = 1} this is the kv-retrieval fixture's hit@1. A {@code k} at least the number of
 * ranked positions always hits.
 */
public final class HitAtK {
    private HitAtK() {}

    public static boolean hit(double[] relevance, int source, int k, int first) {
        return RelevanceOrder.rank(relevance, source, first) <= checkK(k);
    }

    /** The fraction of rows whose source is a hit. */
    public static double rate(double[][] relevance, int[] sources, int k, int first) {
        if (relevance.length != sources.length) {
            throw new EvalInputException(relevance.length + " relevance rows but " + sources.length + " sources");
        }
        if (relevance.length == 0) {
            throw new EvalInputException("hit@" + k + " of no rows is undefined");
        }
        int hits = 0;
        for (int i = 0; i < relevance.length; i++) {
            hits += hit(relevance[i], sources[i], k, first) ? 1 : 0;
        }
        return hits / (double) relevance.length;
    }

    static int checkK(int k) {
        if (k < 1) {
            throw new EvalInputException("hit@k needs k >= 1, got " + k);
        }
        return k;
    }
}
