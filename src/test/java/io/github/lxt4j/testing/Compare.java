package io.github.lxt4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import java.util.Map;

/** The fixtures README's tolerances. */
public final class Compare {
    private Compare() {}

    /** How closely {@code actual} follows {@code expected}: max|a−b| / max|b| and the cosine. */
    public record Agreement(double relativeError, double cosine) {}

    public static Agreement measure(double[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "length");
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
        double rel = maxB > 0 ? maxDiff / maxB : maxDiff == 0 ? 0 : Double.POSITIVE_INFINITY;
        return new Agreement(rel, dot / Math.sqrt(na * nb));
    }

    /** Prints the agreement, for the record of measured errors. */
    public static void report(String what, double[] actual, double[] expected) {
        Agreement a = measure(actual, expected);
        if (Boolean.getBoolean("lxt4j.testFigures")) { // mvn test -DtestFigures=true
            System.out.printf("%s: max|a-b|/max|b| = %.2e, cosine = %.9f%n", what, a.relativeError(), a.cosine());
        }
    }

    /** max|a−b| ≤ rel·max|b| and cosine(a, b) ≥ minCosine. */
    public static void relevance(String what, double[] actual, double[] expected, double rel, double minCosine) {
        assertEquals(expected.length, actual.length, what + ": length");
        Agreement a = measure(actual, expected);
        assertTrue(
                a.relativeError() <= rel,
                String.format("%s: max|a-b| = %.3e · max|b| > %.1e · max|b|", what, a.relativeError(), rel));
        assertTrue(a.cosine() >= minCosine, String.format("%s: cosine %.8f < %.6f", what, a.cosine(), minCosine));
    }

    /** The float32 tolerance: 1e-3·max|b|, cosine ≥ 0.9999. */
    public static void relevance32(String what, double[] actual, double[] expected) {
        relevance(what, actual, expected, 1e-3, 0.9999);
    }

    /** max|a−b| over the indices of {@code a} ({@code b} at least as long). */
    public static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    public static void absolute(String what, double[] actual, double[] expected, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
        }
        assertTrue(maxDiff <= tol, String.format("%s: max|a-b| = %.3e > %.1e", what, maxDiff, tol));
    }

    /**
     * A float32 batch output against a fixture: {@code logits_last} within 1e-4 absolute and each
     * {@code prefix + suffix} array within {@link #relevance32}, with the measured errors printed.
     */
    public static void fixture32(
            String who, Map<String, TensorData> out, Map<String, TensorData> ref, String prefix, String... suffixes) {
        double[] la = out.get("logits_last").toDoubles();
        double[] lb = ref.get("logits_last").toDoubles();
        double worst = 0;
        for (int i = 0; i < Math.min(la.length, lb.length); i++) {
            worst = Math.max(worst, Math.abs(la[i] - lb[i]));
        }
        if (Boolean.getBoolean("lxt4j.testFigures")) {
            System.out.printf("%s %s logits_last max|a-b| = %.2e%n", who, prefix, worst);
        }
        matches32(who, out, ref, "logits_last", prefix, suffixes);
    }

    /**
     * A float32 batch output against a fixture: {@code logits} ("logits", "logits_last") within 1e-4 absolute and
     * each {@code prefix + suffix} array within {@link #relevance32}; {@code who} starts the messages.
     */
    public static void matches32(
            String who,
            Map<String, TensorData> out,
            Map<String, TensorData> ref,
            String logits,
            String prefix,
            String[] suffixes) {
        absolute(
                who + " " + logits, out.get(logits).toDoubles(), ref.get(logits).toDoubles(), 1e-4);
        for (String suffix : suffixes) {
            double[] a = out.get(prefix + suffix).toDoubles();
            double[] b = ref.get(prefix + suffix).toDoubles();
            report(who + " " + prefix + suffix, a, b);
            relevance32(who + " " + prefix + suffix, a, b);
        }
    }

    /**
     * A float64 batch output against a fixture's float64 reference: each {@code prefix + suffix} array against
     * {@code refPrefix + suffix} within 1e-6·max|b| and cosine ≥ 0.999999; the messages name {@code refPrefix}.
     */
    public static void matches64(
            String who,
            Map<String, TensorData> out,
            Map<String, TensorData> ref,
            String prefix,
            String refPrefix,
            String[] suffixes) {
        for (String suffix : suffixes) {
            double[] a = out.get(prefix + suffix).toDoubles();
            double[] b = ref.get(refPrefix + suffix).toDoubles();
            report(who + " " + refPrefix + suffix, a, b);
            relevance(who + " " + refPrefix + suffix, a, b, 1e-6, 0.999999);
        }
    }
}
