package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RelevanceNormalizerTest {
    @Test
    void dividesByTheLargestMagnitude() {
        assertArrayEquals(new double[] {0.5, -1, 0.25, 0}, RelevanceNormalizer.normalize(new double[] {2, -4, 1, 0}));
        assertArrayEquals(new double[] {1, -0.5}, RelevanceNormalizer.normalize(new float[] {0.5f, -0.25f}), 0);
        assertEquals(4, RelevanceNormalizer.maxAbs(new double[] {2, -4, 1}));
    }

    @Test
    void doesNotModifyItsInput() {
        double[] r = {3, -6};
        RelevanceNormalizer.normalize(r);
        assertArrayEquals(new double[] {3, -6}, r);
    }

    @Test
    void allZeroStaysZeroAndEmptyStaysEmpty() {
        assertArrayEquals(new double[] {0, 0, 0}, RelevanceNormalizer.normalize(new double[] {0, -0.0, 0}));
        assertEquals(0, RelevanceNormalizer.normalize(new double[0]).length);
    }

    @Test
    void nanAndInfinityNameTheirIndex() {
        InvalidRelevanceException nan = assertThrows(
                InvalidRelevanceException.class, () -> RelevanceNormalizer.normalize(new double[] {1, 2, Double.NaN}));
        assertTrue(nan.getMessage().contains("index 2") && nan.getMessage().contains("NaN"), nan.getMessage());
        InvalidRelevanceException inf = assertThrows(
                InvalidRelevanceException.class,
                () -> RelevanceNormalizer.normalize(new float[] {Float.NEGATIVE_INFINITY}));
        assertTrue(inf.getMessage().contains("index 0") && inf.getMessage().contains("Infinity"), inf.getMessage());
    }

    @Test
    void mapsAreNormalisedAsAWhole() {
        double[][] out = RelevanceNormalizer.normalize(new float[][] {{1, -2}, {0.5f, 4}});
        assertArrayEquals(new double[] {0.25, -0.5}, out[0]);
        assertArrayEquals(new double[] {0.125, 1}, out[1]);
    }

    @Test
    void badMapsAreRejectedWithTheirPosition() {
        InvalidRelevanceException ragged = assertThrows(
                InvalidRelevanceException.class, () -> RelevanceNormalizer.normalize(new float[][] {{1, 2}, {3}}));
        assertTrue(ragged.getMessage().contains("row 1 has 1 columns, row 0 has 2"), ragged.getMessage());
        InvalidRelevanceException nan = assertThrows(
                InvalidRelevanceException.class,
                () -> RelevanceNormalizer.normalize(new float[][] {{1, 2}, {Float.NaN, 0}}));
        assertTrue(nan.getMessage().contains("row 1, column 0"), nan.getMessage());
        assertThrows(InvalidRelevanceException.class, () -> RelevanceNormalizer.normalize(new float[0][]));
    }
}
