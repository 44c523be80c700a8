package io.github.lxt4j.viz;

import java.util.Objects;

/**
 * Scales relevance into [-1, 1] by its maximum absolute value, keeping signs and zero: {@code r / max|r|}. All-zero
 * relevance stays zero. NaN and infinite values are rejected with the offending index.
 */
public final class RelevanceNormalizer {
    private RelevanceNormalizer() {}

    /**
     * {@code relevance / max|relevance|} in a new array.
     *
     * @throws InvalidRelevanceException naming the first index that holds NaN or an infinity
     */
    public static double[] normalize(double[] relevance) {
        double max = maxAbs(relevance);
        double[] out = new double[relevance.length];
        if (max > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = relevance[i] / max;
            }
        }
        return out;
    }

    /** {@link #normalize(double[])} of float relevance, computed in double. */
    public static double[] normalize(float[] relevance) {
        return normalize(toDouble(relevance));
    }

    /**
     * {@code map / max|map|} for a rectangular map, in a new array.
     *
     * @throws InvalidRelevanceException if the map is empty or ragged, or naming the row and column of the first
     *     NaN or infinity
     */
    public static double[][] normalize(float[][] map) {
        Objects.requireNonNull(map, "map");
        if (map.length == 0 || map[0] == null || map[0].length == 0) {
            throw new InvalidRelevanceException("Relevance map is empty; expected at least 1 row and 1 column");
        }
        int width = map[0].length;
        double max = 0;
        for (int y = 0; y < map.length; y++) {
            if (map[y] == null || map[y].length != width) {
                throw new InvalidRelevanceException("Relevance map is ragged: row " + y + " has "
                        + (map[y] == null ? "no array" : map[y].length + " columns") + ", row 0 has " + width);
            }
            for (int x = 0; x < width; x++) {
                float v = map[y][x];
                if (!Float.isFinite(v)) {
                    throw new InvalidRelevanceException("Relevance map holds " + v + " at row " + y + ", column " + x
                            + "; every value must be finite");
                }
                max = Math.max(max, Math.abs(v));
            }
        }
        double[][] out = new double[map.length][width];
        if (max > 0) {
            for (int y = 0; y < map.length; y++) {
                for (int x = 0; x < width; x++) {
                    out[y][x] = map[y][x] / max;
                }
            }
        }
        return out;
    }

    /**
     * The largest absolute value, 0 for an empty array.
     *
     * @throws InvalidRelevanceException naming the first index that holds NaN or an infinity
     */
    public static double maxAbs(double[] relevance) {
        Objects.requireNonNull(relevance, "relevance");
        double max = 0;
        for (int i = 0; i < relevance.length; i++) {
            double v = relevance[i];
            if (!Double.isFinite(v)) {
                throw new InvalidRelevanceException(
                        "Relevance holds " + v + " at index " + i + "; every value must be finite");
            }
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** A double copy of float relevance. */
    public static double[] toDouble(float[] relevance) {
        Objects.requireNonNull(relevance, "relevance");
        double[] out = new double[relevance.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = relevance[i];
        }
        return out;
    }
}
