package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NF4 / FP4 against hand-worked blocks. Expected codes are read by hand off bitsandbytes' tables (csrc/kernels.cu
 * nf4_dequantization_lut, fp4_dequantization_lut and the thresholds of dQuantizeNF4 / dQuantizeFP4), copied here.
 */
class FourBitQuantizerTest {
    private static final float[] NF4 = {
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f
    };
    private static final float[] FP4 = {
        0.0f,
        0.005208333333f,
        0.66666667f,
        1.0f,
        0.33333333f,
        0.5f,
        0.16666667f,
        0.25f,
        -0.0f,
        -0.005208333333f,
        -0.66666667f,
        -1.0f,
        -0.33333333f,
        -0.5f,
        -0.16666667f,
        -0.25f
    };

    /** Codes two per byte, first in the high nibble, unpacked by hand. */
    private static int[] codes(Block4Weight w) {
        byte[] p = w.packedCodes();
        int[] c = new int[p.length * 2];
        for (int i = 0; i < p.length; i++) {
            c[2 * i] = (p[i] & 0xF0) >> 4;
            c[2 * i + 1] = p[i] & 0x0F;
        }
        return c;
    }

    private static Block4Weight q(WeightFormat f, float[] data, long... shape) {
        return (Block4Weight) StoredWeights.quantize("w", f, data, shape);
    }

    @Test
    void nf4HandWorkedBlock() {
        float[] w = new float[64]; // absmax 2 -> x = w * 0.5 exactly
        w[0] = 2.0f; // x = 1: code 0b1111
        w[1] = -1.0f; // x = -0.5 in (-0.6106, -0.4600]: 0b0010
        w[2] = 0.0f; // 0b0111
        w[3] = -0.0f; // -0 > -0.0455: 0b0111
        w[4] = 2 * 0.03979014977812767f; // exactly at the 0111|1000 threshold: lower, 0b0111
        w[5] = 2 * Math.nextUp(0.03979014977812767f); // just above: 0b1000
        w[6] = 2 * -0.045525018125772476f; // exactly at the 0110|0111 threshold: lower, 0b0110
        w[7] = 0.9f; // x = 0.45 in (0.3893, 0.5017]: 0b1100
        w[8] = -2.0f; // x = -1: 0b0000
        w[9] = 2 * 0.8614784181118011f; // exactly at 1110|1111: 0b1110
        Block4Weight b = q(WeightFormat.NF4, w, 1, 64);
        int[] expected = new int[64];
        java.util.Arrays.fill(expected, 0b0111);
        expected[0] = 0b1111;
        expected[1] = 0b0010;
        expected[5] = 0b1000;
        expected[6] = 0b0110;
        expected[7] = 0b1100;
        expected[8] = 0b0000;
        expected[9] = 0b1110;
        assertArrayEquals(expected, codes(b));
        assertEquals((byte) 0xF2, b.packedCodes()[0], "first element in the high nibble");
        assertArrayEquals(new float[] {2.0f}, b.blockAbsmax());
        float[] d = b.dequantize();
        assertEquals(2.0f, d[0]);
        assertEquals(-0.5250730514526367f * 2, d[1]);
        assertEquals(0.0f, d[2]);
        assertEquals(0.07958029955625534f * 2, d[5]);
        assertEquals(-0.09105003625154495f * 2, d[6]);
        assertEquals(0.44070982933044434f * 2, d[7]);
        assertEquals(-2.0f, d[8]);
        assertEquals(0.7229568362236023f * 2, d[9]);
        assertArrayEquals(NF4, b.codeValues());
    }

    @Test
    void fp4HandWorkedBlock() {
        float[] w = new float[64]; // absmax 4 -> x = w * 0.25 exactly
        w[0] = 4.0f; // x = 1: 0b0011
        w[1] = -4.0f; // x = -1: sign | 0b0011 = 0b1011
        w[2] = 1.0f; // |x| = 0.25 in (0.2083, 0.2917]: 0b0111
        w[3] = -0.0f; // not < 0: 0b0000
        w[4] = -0.004f; // |x| = 0.001 <= 0.0026: sign only, 0b1000
        w[5] = 0.34375f; // x = 0.0859375 exactly at the 0b001|0b110 threshold: lower, 0b0001
        w[6] = Math.nextUp(0.34375f); // just above: 0b0110
        w[7] = -2.0f; // |x| = 0.5 in (0.4167, 0.5833]: 0b1101
        w[8] = 2.7f; // x = 0.675 in (0.5833, 0.8333]: 0b0010
        w[9] = 1.5f; // x = 0.375 in (0.2917, 0.4167]: 0b0100
        Block4Weight b = q(WeightFormat.FP4, w, 1, 64);
        int[] expected = new int[64];
        expected[0] = 0b0011;
        expected[1] = 0b1011;
        expected[2] = 0b0111;
        expected[4] = 0b1000;
        expected[5] = 0b0001;
        expected[6] = 0b0110;
        expected[7] = 0b1101;
        expected[8] = 0b0010;
        expected[9] = 0b0100;
        assertArrayEquals(expected, codes(b));
        assertEquals((byte) 0x3B, b.packedCodes()[0]);
        float[] d = b.dequantize();
        assertEquals(4.0f, d[0]);
        assertEquals(-4.0f, d[1]);
        assertEquals(1.0f, d[2]);
        assertEquals(0.005208333333f * 4, d[5]);
        assertEquals(0.16666667f * 4, d[6]);
        assertEquals(-2.0f, d[7]);
        assertEquals(0.66666667f * 4, d[8]);
        assertEquals(0.33333333f * 4, d[9]);
        assertArrayEquals(FP4, b.codeValues());
    }

    @Test
    void allZeroBlockStoresZeroAbsmaxAndDequantizesToZeros() {
        float[] w = new float[128];
        for (int i = 64; i < 128; i++) {
            w[i] = i % 2 == 0 ? 0.5f : -0.0f; // second block: absmax 0.5
        }
        for (WeightFormat f : new WeightFormat[] {WeightFormat.NF4, WeightFormat.FP4}) {
            Block4Weight b = q(f, w, 1, 128);
            assertArrayEquals(new float[] {0f, 0.5f}, b.blockAbsmax());
            int zeroCode = f == WeightFormat.NF4 ? 0b0111 : 0b0000;
            int oneCode = f == WeightFormat.NF4 ? 0b1111 : 0b0011;
            int[] c = codes(b);
            for (int i = 0; i < 64; i++) {
                assertEquals(zeroCode, c[i], f + " zero block code " + i);
                assertEquals(i % 2 == 0 ? oneCode : zeroCode, c[64 + i], f + " second block code " + i);
            }
            float[] d = b.dequantize();
            for (int i = 0; i < 64; i++) {
                assertEquals(0f, d[i], 0f);
                assertTrue(!Float.isNaN(d[i]));
                assertEquals(i % 2 == 0 ? 0.5f : 0f, d[64 + i], 0f);
            }
        }
    }

    @Test
    void blocksFollowRowMajorOrderAcrossRows() {
        float[] w = new float[2 * 128];
        for (int blk = 0; blk < 4; blk++) {
            w[blk * 64] = blk + 1; // absmax of block blk is blk+1
        }
        Block4Weight b = q(WeightFormat.NF4, w, 2, 128);
        assertArrayEquals(new float[] {1, 2, 3, 4}, b.blockAbsmax());
        assertEquals(2 * 128 / 2 + 4 * 4, b.storageBytes());
    }

    @Test
    void roundTripErrorIsAtMostHalfTheWidestGap() {
        Random r = new Random(7);
        float[] w = new float[32 * 256];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.02f;
        }
        // widest neighbouring gaps of the tables: NF4 -0.6961928 - (-1) ; FP4 1 - 0.6666667
        check(WeightFormat.NF4, w, (1f - 0.6961928009986877f) / 2);
        check(WeightFormat.FP4, w, (1f - 0.66666667f) / 2);
    }

    private static void check(WeightFormat f, float[] w, float halfGap) {
        Block4Weight b = q(f, w, 32, 256);
        float[] d = b.dequantize();
        float[] absmax = b.blockAbsmax();
        for (int i = 0; i < w.length; i++) {
            float a = absmax[i / 64];
            assertTrue(
                    Math.abs(w[i] - d[i]) <= a * halfGap * (1 + 1e-5f),
                    f + " element " + i + ": " + w[i] + " -> " + d[i] + " absmax " + a);
        }
    }

    @Test
    void refusesElementCountsThatAreNotAMultipleOf64() {
        UnquantizableWeightException e =
                assertThrows(UnquantizableWeightException.class, () -> q(WeightFormat.NF4, new float[3 * 96], 3, 96));
        assertTrue(
                e.getMessage().contains("w:")
                        && e.getMessage().contains("64")
                        && e.getMessage().contains("288"),
                e.getMessage());
    }

    @Test
    void fromCodesRebuildsTheSameWeightAndChecksLengths() {
        float[] w = new float[2 * 96];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
        }
        Block4Weight b = (Block4Weight) q(WeightFormat.FP4, w, 2, 96);
        assertArrayEquals(
                b.dequantize(),
                StoredWeights.fromCodes("w", WeightFormat.FP4, b.packedCodes(), b.blockAbsmax(), 2, 96)
                        .dequantize(),
                0f);
        Int8Weight i8 = (Int8Weight) StoredWeights.quantize("w", WeightFormat.INT8, w, 2, 96);
        assertArrayEquals(
                i8.dequantize(),
                StoredWeights.fromCodes("w", WeightFormat.INT8, i8.codes(), i8.rowAbsmax(), 2, 96)
                        .dequantize(),
                0f);
        UnquantizableWeightException e = assertThrows(
                UnquantizableWeightException.class,
                () -> StoredWeights.fromCodes("w", WeightFormat.NF4, new byte[95], new float[3], 2, 96));
        assertTrue(e.getMessage().contains("w:") && e.getMessage().contains("96 packed bytes"), e.getMessage());
    }

    @Test
    void blocksSpanRowsAsInBitsandbytes() {
        // rows of 96: block 1 holds the last 32 elements of row 0 and the first 32 of row 1
        float[] w = new float[2 * 96];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) * 0.25f;
        }
        w[70] = 8f;
        w[150] = -4f;
        for (WeightFormat f : new WeightFormat[] {WeightFormat.NF4, WeightFormat.FP4}) {
            Block4Weight b = (Block4Weight) q(f, w, 2, 96);
            float[] absmax = b.blockAbsmax();
            assertArrayEquals(new float[] {0.75f, 8f, 4f}, absmax, f.toString());
            float[] flat = ((Block4Weight) q(f, w, 192)).dequantize();
            assertArrayEquals(flat, b.dequantize(), 0f, f + ": a [2, 96] weight equals the flat [192] one");
            assertEquals(8f, b.dequantize()[70], 0f);
            assertEquals(-4f, b.dequantize()[150], 0f);
        }
    }

    @Test
    void refusesNanAndInfinity() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] w = new float[128];
            w[70] = bad;
            for (WeightFormat f : new WeightFormat[] {
                WeightFormat.NF4, WeightFormat.FP4, WeightFormat.INT8, WeightFormat.BF16, WeightFormat.F16
            }) {
                UnquantizableWeightException e = assertThrows(
                        UnquantizableWeightException.class,
                        () -> StoredWeights.quantize("layers.0.mlp.w", f, w, 2, 64));
                assertTrue(
                        e.getMessage().contains("layers.0.mlp.w")
                                && e.getMessage().contains("[1, 6]"),
                        e.getMessage());
            }
        }
    }
}
