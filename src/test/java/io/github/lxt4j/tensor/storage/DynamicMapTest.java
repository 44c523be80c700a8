package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** bitsandbytes' dynamic 8-bit map and the CUDA kernel's nearest-code search. */
class DynamicMapTest {

    /**
     * Entries of {@code create_dynamic_map()} as printed by bitsandbytes on PyTorch (the table published with a
     * reference NF4 implementation, public GitHub): index and value. The ones marked * differ by one ulp when
     * {@code torch.linspace} is computed without fused multiply-adds, so they pin the linspace variant.
     */
    private static final double[][] PRINTED = {
        {0, -0.992968738079071},
        {18, -0.7398437261581421}, // *
        {20, -0.7117187976837158},
        {25, -0.6414062976837158},
        {34, -0.5148437023162842}, // *
        {65, -0.09578125923871994},
        {102, -0.006343749817460775}, // *
        {116, -0.000493750034365803},
        {124, -7.749999895168003e-06},
        {126, -5.500000384017767e-07},
        {127, 0.0},
        {128, 5.500000384017767e-07},
        {137, 0.0003812500217463821}, // *
        {165, 0.028281250968575478},
        {192, 0.12109375},
        {236, 0.7398437261581421}, // *
        {254, 0.992968738079071},
        {255, 1.0},
    };

    @Test
    void theMapEqualsTheValuesBitsandbytesPrints() {
        float[] code = DynamicMap.code();
        assertEquals(256, code.length);
        for (double[] e : PRINTED) {
            assertEquals((float) e[1], code[(int) e[0]], 0f, "code[" + (int) e[0] + "]");
        }
        for (int i = 1; i < 256; i++) {
            assertTrue(code[i - 1] < code[i], "ascending at " + i);
        }
        for (int i = 0; i < 127; i++) {
            assertEquals(-code[254 - i], code[i], 0f, "symmetric: " + i);
        }
    }

    @Test
    void linspaceIsExactAtItsEnds() {
        float[] l = DynamicMap.linspace(0.1f, 1f, 65);
        assertEquals(0.1f, l[0], 0f);
        assertEquals(1f, l[64], 0f);
        assertEquals(0.1f + 0.9f / 2, l[32], 1e-7f);
    }

    /** The kernel's search: a value at a code gets it; else the nearer neighbour (no tie for random values). */
    @Test
    void quantizeFindsTheNearestCode() {
        float[] code = DynamicMap.code();
        for (int i = 0; i < 256; i++) {
            assertEquals(i, DynamicMap.quantize(code, code[i]), "exact value of code " + i);
        }
        assertEquals(255, DynamicMap.quantize(code, 1f));
        assertEquals(0, DynamicMap.quantize(code, -1f));
        assertEquals(127, DynamicMap.quantize(code, 0f));
        assertEquals(0, DynamicMap.quantize(code, Float.NaN), "0 * (1 / 0): the kernel's all-false path");
        Random r = new Random(5);
        for (int t = 0; t < 20000; t++) {
            float x = (float) (r.nextDouble() * 2 - 1) * (t % 2 == 0 ? 1f : 0.01f);
            int best = 0;
            for (int i = 1; i < 256; i++) {
                if (Math.abs(code[i] - x) < Math.abs(code[best] - x)) {
                    best = i;
                }
            }
            int q = DynamicMap.quantize(code, x);
            assertTrue(q == best || Math.abs(code[q] - x) == Math.abs(code[best] - x), x + ": " + q + " vs " + best);
        }
    }

    /**
     * Ties at a midpoint keep the search's last pivot: worked by hand on a map where 0.25 is the midpoint of codes
     * 127 (0) and 128 (0.5): the search climbs from pivot 127 (x > 0) ... and ends at pivot 128 with x <= 0.5, where
     * x == (0 + 0.5) * 0.5 keeps pivot 128.
     */
    @Test
    void aValueAtAMidpointKeepsThePivot() {
        float[] code = new float[256];
        for (int i = 0; i < 256; i++) {
            code[i] = (i - 127) / 2f; // 0 at 127, 0.5 at 128, 1 at 129, ...
        }
        assertEquals(128, DynamicMap.quantize(code, 0.25f));
        assertEquals(127, DynamicMap.quantize(code, 0.2499f));
        assertEquals(128, DynamicMap.quantize(code, 0.2501f));
    }
}
