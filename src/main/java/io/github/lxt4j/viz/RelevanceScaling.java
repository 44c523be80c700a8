package io.github.lxt4j.viz;

import java.util.Arrays;
import java.util.Locale;

/**
 * Captum-style scaling of relevance for display: which sign to show ({@link Sign}) and an outlier percentile. The
 * values are divided by the {@code (100 − outlierPercent)}-th percentile of their magnitudes (Captum's
 * {@code outlier_perc}, LXT's clipping) and clipped to [−1, 1]; with 0 it is the plain max-|R| scaling.
 *
 * @param sign           which relevance to show
 * @param outlierPercent the share of the largest magnitudes that saturate, in [0, 100)
 */
public record RelevanceScaling(Sign sign, double outlierPercent) {

    /** Which relevance is shown. */
    public enum Sign {
        /** Negative and positive (blue to red). */
        ALL,
        /** Positive relevance only; negative shows as zero. */
        POSITIVE,
        /** The magnitude |R|. */
        ABSOLUTE;

        public static Sign parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("--sign " + s + ": expected all, positive or absolute");
            }
        }
    }

    public RelevanceScaling {
        if (!(outlierPercent >= 0 && outlierPercent < 100)) {
            throw new IllegalArgumentException("outlier percentile must be in [0, 100), got " + outlierPercent);
        }
    }

    /** All relevance, scaled by max |R|. */
    public static RelevanceScaling plain() {
        return new RelevanceScaling(Sign.ALL, 0);
    }

    /**
     * The scaled values in [−1, 1] ([0, 1] for POSITIVE and ABSOLUTE), in a new array.
     *
     * @throws InvalidRelevanceException naming the first index that holds NaN or an infinity
     */
    public double[] apply(double[] relevance) {
        RelevanceNormalizer.maxAbs(relevance);
        double[] v = new double[relevance.length];
        for (int i = 0; i < v.length; i++) {
            double r = relevance[i];
            v[i] = sign == Sign.POSITIVE ? Math.max(r, 0) : sign == Sign.ABSOLUTE ? Math.abs(r) : r;
        }
        double scale = percentileOfMagnitude(v, 100 - outlierPercent);
        double[] out = new double[v.length];
        if (scale > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.max(-1, Math.min(1, v[i] / scale));
            }
        }
        return out;
    }

    /** The {@code p}-th percentile (nearest rank) of |v|; the maximum for p = 100. */
    static double percentileOfMagnitude(double[] v, double p) {
        if (v.length == 0) {
            return 0;
        }
        double[] mag = Arrays.stream(v).map(Math::abs).sorted().toArray();
        int rank = (int) Math.ceil(p / 100 * mag.length);
        return mag[Math.max(0, Math.min(mag.length - 1, rank - 1))];
    }
}
