package io.github.lxt4j.tensor;

/**
 * IEEE half and bfloat16 conversions (Java 17 has no Float.float16ToFloat): exact widening, and narrowing with
 * round-to-nearest-even as torch does.
 */
public final class HalfFloats {
    private HalfFloats() {}

    public static float bf16ToFloat(short s) {
        return Float.intBitsToFloat((s & 0xFFFF) << 16);
    }

    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040); // keep it a (quiet) NaN after dropping the low mantissa bits
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float f16ToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float magnitude = mant * 0x1p-24f; // subnormal: exact, mant < 2^10
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    public static short floatToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x0200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to zero
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rest = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
                half++; // may carry into the smallest normal, which is the right encoding
            }
            return (short) (sign | half);
        }
        int out = sign | (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (out & 1) != 0)) {
            out++; // a carry may reach the exponent, up to infinity, which is correct
        }
        return (short) out;
    }

    /**
     * Narrows a double to float with round-to-odd. Rounding that float again to a 16-bit format then equals rounding
     * the double directly (float keeps more than two extra bits), which plain (float) casting would not guarantee.
     */
    public static float toFloatRoundToOdd(double d) {
        float f = (float) d;
        if (Float.isInfinite(f) || Double.isNaN(d) || (double) f == d) {
            return f;
        }
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 1) == 0) {
            bits += Math.abs((double) f) > Math.abs(d) ? -1 : 1;
        }
        return Float.intBitsToFloat(bits);
    }
}
