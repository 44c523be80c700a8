package io.github.lxt4j.explain;

import io.github.lxt4j.tensor.Tensor;

/** Copies relevance out of tensors into Java arrays, and batch ids into flat arrays. */
public final class RelevanceArrays {
    private RelevanceArrays() {}

    /** Row {@code b} of a [B, T, D] tensor as [T][D]. */
    public static double[][] rows(Tensor t, int b) {
        long[] s = t.shape();
        int len = (int) s[1];
        int d = (int) s[2];
        double[] all = t.slice(0, b, b + 1).toDoubleArray();
        double[][] out = new double[len][d];
        for (int i = 0; i < len; i++) {
            System.arraycopy(all, i * d, out[i], 0, d);
        }
        return out;
    }

    /** Σ over the last axis: per-token relevance from per-dimension relevance. */
    public static double[] sumRows(double[][] m) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (double v : m[i]) {
                s += v;
            }
            out[i] = s;
        }
        return out;
    }

    /** Equal-length rows, concatenated. */
    public static long[] flatten(long[][] rows) {
        int t = rows[0].length;
        long[] out = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * t, t);
        }
        return out;
    }
}
