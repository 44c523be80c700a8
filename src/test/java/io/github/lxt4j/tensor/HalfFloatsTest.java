package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import org.junit.jupiter.api.Test;

/** Checks the 16-bit conversions against the IEEE definitions, exhaustively where the domain is 2^16. */
class HalfFloatsTest {
    /** binary16 by definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024. */
    private static double f16Definition(int bits) {
        int s = (bits >> 15) & 1;
        int e = (bits >> 10) & 0x1F;
        int m = bits & 0x3FF;
        double sign = s == 1 ? -1 : 1;
        if (e == 0) {
            return sign * Math.scalb((double) m / 1024, -14);
        }
        if (e == 31) {
            return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return sign * Math.scalb(1 + (double) m / 1024, e - 15);
    }

    @Test
    void everyF16PatternWidensToItsDefinedValueAndBack() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.f16ToFloat((short) bits);
            double expected = f16Definition(bits);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(f), Integer.toHexString(bits));
                assertTrue(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))));
                continue;
            }
            assertEquals(expected, f, 0.0, Integer.toHexString(bits));
            assertEquals(
                    Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(f),
                    "sign of zero, " + Integer.toHexString(bits));
            assertEquals(bits, HalfFloats.floatToF16(f) & 0xFFFF, Integer.toHexString(bits));
        }
    }

    @Test
    void everyBf16PatternWidensToTheUpperFloatBitsAndBack() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.bf16ToFloat((short) bits);
            assertEquals(bits << 16, Float.floatToRawIntBits(f));
            if (!Float.isNaN(f)) {
                assertEquals(bits, HalfFloats.floatToBf16(f) & 0xFFFF, Integer.toHexString(bits));
            } else {
                assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f))));
            }
        }
    }

    @Test
    void f16RoundsToNearestEven() {
        float ulp1 = 0x1p-10f;
        assertEquals(1f, f16(1f + ulp1 / 2), "tie goes to even 1.0");
        assertEquals(1f + 2 * ulp1, f16(1f + 3 * ulp1 / 2), "tie goes to even mantissa 2");
        assertEquals(1f + ulp1, f16(1f + ulp1 / 2 + 0x1p-20f), "above the tie rounds up");
        assertEquals(65504f, f16(65519f), "below the overflow threshold");
        assertEquals(Float.POSITIVE_INFINITY, f16(65520f), "the overflow threshold rounds to infinity");
        assertEquals(0x1p-24f, f16(0x1.8p-25f), "subnormal rounds up");
        assertEquals(0f, f16(0x1p-25f), "tie at half the smallest subnormal goes to zero");
        assertEquals(0x1p-24f, f16(0x1.000002p-25f));
        assertEquals(0x1p-14f, f16(0x1.FFFp-15f), "subnormal carries into the smallest normal");
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(1f, bf16(1f + 0x1p-8f), "tie goes to even");
        assertEquals(1f + 0x1p-6f, bf16(1f + 0x1.8p-7f), "tie goes to even mantissa");
        assertEquals(1f + 0x1p-7f, bf16(1f + 0x1p-8f + 0x1p-20f));
        assertEquals(Float.POSITIVE_INFINITY, bf16(Float.MAX_VALUE));
    }

    @Test
    void doublesRoundOnceNotTwice() {
        double justAboveTie = 1 + 0x1p-11 + 0x1p-40;
        assertEquals(1f, f16((float) justAboveTie), "a plain float cast lands on the tie and rounds down");
        assertEquals(
                1 + 0x1p-10,
                TensorData.ofDoubles(new double[] {justAboveTie}, DType.FLOAT16, 1)
                        .toDoubles()[0]);
        double bfAboveTie = 1 + 0x1p-8 + 0x1p-40;
        assertEquals(
                1 + 0x1p-7,
                TensorData.ofDoubles(new double[] {bfAboveTie}, DType.BFLOAT16, 1)
                        .toDoubles()[0]);
    }

    private static float f16(float f) {
        return HalfFloats.f16ToFloat(HalfFloats.floatToF16(f));
    }

    private static float bf16(float f) {
        return HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f));
    }
}
