package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LLM.int8 weight quantization: per-row absmax, q = round-half-even(w * 127 / absmax). */
class Int8QuantizerTest {

    @Test
    void handWorkedRows() {
        float[] w = {
            127f, 63.5f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, -127f, // absmax 127: scale 1, ties go to even
            0f, -0f, 0f, 0f, 0f, 0f, 0f, 0f, // all-zero row
            254f, 1f, 3f, -5f, 127f, -254f, 0.25f, 100f
        }; // absmax 254: scale 0.5
        Int8Weight q = (Int8Weight) StoredWeights.quantize("w", WeightFormat.INT8, w, 3, 8);
        assertArrayEquals(
                new byte[] {
                    127, 64, 0, 0, 2, 2, -2, -127,
                    0, 0, 0, 0, 0, 0, 0, 0,
                    127, 0, 2, -2, 64, -127, 0, 50
                },
                q.codes());
        assertArrayEquals(new float[] {127f, 0f, 254f}, q.rowAbsmax());
        float[] d = q.dequantize();
        float inv127 = 7.874015718698502e-3f; // bitsandbytes int8_vectorwise_dequant
        assertEquals((64 * 127f) * inv127, d[1]);
        assertEquals((127 * 127f) * inv127, d[0]);
        for (int i = 8; i < 16; i++) {
            assertEquals(0f, d[i], 0f);
        }
        assertEquals((50 * 254f) * inv127, d[23]);
        assertEquals(8 * 3 + 4 * 3, q.storageBytes());
    }

    @Test
    void roundTripErrorIsAtMostHalfAStep() {
        Random r = new Random(3);
        int rows = 16;
        int cols = 512;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Int8Weight q = (Int8Weight) StoredWeights.quantize("w", WeightFormat.INT8, w, rows, cols);
        float[] d = q.dequantize();
        float[] a = q.rowAbsmax();
        for (int i = 0; i < w.length; i++) {
            float step = a[i / cols] / 127f;
            assertTrue(Math.abs(w[i] - d[i]) <= step * 0.5f * (1 + 1e-5f), i + ": " + w[i] + " -> " + d[i]);
        }
    }
}
