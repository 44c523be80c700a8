package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The bulk of a stored model (quantized codes, 16-bit weights) lives outside the Java heap, so loading an 8B model
 * in nf4 needs no heap setting; the values read back are those quantized.
 */
class OffHeapWeightsTest {
    private static final float[] VALUES = new float[128];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = (float) Math.sin(i * 0.37) * (1 + i % 5);
        }
    }

    @Test
    void quantizedCodesAndHalfWeightsAreDirectBuffers() {
        Block4Weight nf4 = (Block4Weight) StoredWeights.quantize("w", WeightFormat.NF4, VALUES, 2, 64);
        Int8Weight int8 = (Int8Weight) StoredWeights.quantize("w", WeightFormat.INT8, VALUES, 2, 64);
        HalfWeight bf16 = (HalfWeight) StoredWeights.quantize("w", WeightFormat.BF16, VALUES, 2, 64);
        assertTrue(nf4.packedBytes().isDirect(), "nf4 codes");
        assertTrue(int8.codeBytes().isDirect(), "int8 codes");
        assertTrue(bf16.bytes().isDirect(), "bf16 weights");
        float[] rounded = bf16.dequantize();
        for (int i = 0; i < VALUES.length; i++) {
            // bf16 keeps the top 16 bits of the float32 pattern, rounded to nearest even
            int bits = Float.floatToRawIntBits(VALUES[i]);
            int lsb = (bits >>> 16) & 1;
            float expected = Float.intBitsToFloat(((bits + 0x7FFF + lsb) >>> 16) << 16);
            assertArrayEquals(new float[] {expected}, new float[] {rounded[i]}, "element " + i);
        }
    }
}
