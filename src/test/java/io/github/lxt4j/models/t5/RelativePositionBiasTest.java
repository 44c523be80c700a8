package io.github.lxt4j.models.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** HF's _relative_position_bucket for the standard T5 config (32 buckets, max distance 128), positions −150..150. */
class RelativePositionBiasTest {

    // computed with HF's formula in numpy float32 arithmetic
    private static final int[] BIDIRECTIONAL = {
        15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
        15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
        15, 15, 15, 15, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
        14, 14, 14, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 12, 12, 12, 12, 12, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 9, 8, 8, 8,
        8, 7, 6, 5, 4, 3, 2, 1, 0, 17, 18, 19, 20, 21, 22, 23, 24, 24, 24, 24, 25, 25, 25, 25, 26, 26, 26, 26, 26, 26,
        26, 27, 27, 27, 27, 27, 27, 27, 27, 27, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 29, 29, 29, 29,
        29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31
    };
    private static final int[] CAUSAL = {
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
        31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 29, 29, 29, 29,
        29, 29, 29, 29, 29, 29, 29, 29, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27,
        26, 26, 26, 26, 26, 26, 26, 26, 25, 25, 25, 25, 25, 25, 25, 24, 24, 24, 24, 24, 24, 23, 23, 23, 23, 23, 23, 22,
        22, 22, 22, 22, 21, 21, 21, 21, 20, 20, 20, 20, 19, 19, 19, 18, 18, 18, 17, 17, 16, 16, 16, 15, 14, 13, 12, 11,
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    @Test
    void bucketsMatchHfTables() {
        for (int rel = -150; rel <= 150; rel++) {
            assertEquals(BIDIRECTIONAL[rel + 150], RelativePositionBias.bucket(rel, true, 32, 128), "encoder " + rel);
            assertEquals(CAUSAL[rel + 150], RelativePositionBias.bucket(rel, false, 32, 128), "decoder " + rel);
        }
    }

    @Test
    void smallConfigMatchesTheIndependentFormula() {
        for (int rel = -40; rel <= 40; rel++) {
            assertEquals(
                    T5Reference.bucket(rel, true),
                    RelativePositionBias.bucket(rel, true, RandomT5.BUCKETS, RandomT5.MAX_DISTANCE),
                    "bidirectional " + rel);
            assertEquals(
                    T5Reference.bucket(rel, false),
                    RelativePositionBias.bucket(rel, false, RandomT5.BUCKETS, RandomT5.MAX_DISTANCE),
                    "causal " + rel);
        }
    }

    @Test
    void exactAndLogSpacedRegions() {
        assertEquals(0, RelativePositionBias.bucket(0, true, 32, 128));
        assertEquals(17, RelativePositionBias.bucket(1, true, 32, 128));
        assertEquals(7, RelativePositionBias.bucket(-7, true, 32, 128));
        assertEquals(15, RelativePositionBias.bucket(-1000, true, 32, 128));
        assertEquals(31, RelativePositionBias.bucket(1000, true, 32, 128));
        assertEquals(0, RelativePositionBias.bucket(5, false, 32, 128), "the decoder never looks ahead");
        assertEquals(15, RelativePositionBias.bucket(-15, false, 32, 128));
        assertEquals(31, RelativePositionBias.bucket(-1000, false, 32, 128));
    }
}
