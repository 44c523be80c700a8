package io.github.lxt4j.bench;

import java.util.SplittableRandom;

/** Deterministic random model inputs: token ids and normalised pixels. */
final class RandomInputs {
    private RandomInputs() {}

    /** {@code rows × length} ids drawn uniformly from {@code [0, vocab)}. */
    static long[][] ids(long seed, int rows, int length, long vocab) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] ids = new long[rows][length];
        for (long[] row : ids) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextLong(vocab);
            }
        }
        return ids;
    }

    /** {@code count} values uniform in [-1, 1): about the range of CLIP-normalised pixels. */
    static double[] pixels(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }
}
