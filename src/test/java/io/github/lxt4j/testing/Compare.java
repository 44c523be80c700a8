package io.github.lxt4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures README's tolerances. */
public final class Compare {
    private Compare() {
    }

    /** max|a−b| ≤ rel·max|b| and cosine(a, b) ≥ minCosine. */
    public static void relevance(String what, double[] actual, double[] expected, double rel, double minCosine) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxB = 0;
        double maxDiff = 0;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < expected.length; i++) {
            maxB = Math.max(maxB, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            dot += actual[i] * expected[i];
            na += actual[i] * actual[i];
            nb += expected[i] * expected[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        assertTrue(maxDiff <= rel * maxB, String.format("%s: max|a-b| = %.3e > %.1e * max|b| (%.3e)", what,
                maxDiff, rel, maxB));
        assertTrue(cos >= minCosine, String.format("%s: cosine %.8f < %.6f", what, cos, minCosine));
    }

    /** The float32 tolerance: 1e-3·max|b|, cosine ≥ 0.9999. */
    public static void relevance32(String what, double[] actual, double[] expected) {
        relevance(what, actual, expected, 1e-3, 0.9999);
    }

    public static void absolute(String what, double[] actual, double[] expected, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
        }
        assertTrue(maxDiff <= tol, String.format("%s: max|a-b| = %.3e > %.1e", what, maxDiff, tol));
    }
}
