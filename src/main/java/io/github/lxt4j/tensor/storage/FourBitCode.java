package io.github.lxt4j.tensor.storage;

/**
 * bitsandbytes' two 4-bit code books. Values: {@code nf4_dequantization_lut} / {@code fp4_dequantization_lut} in
 * bitsandbytes csrc/kernels.cu (also bitsandbytes/functional.py {@code get_4bit_type}). The nearest-code decision
 * reproduces the comparison trees {@code dQuantizeNF4} / {@code dQuantizeFP4} of csrc/kernels.cu: a normalised value
 * {@code x} takes the code above a threshold only when {@code x > threshold} (strictly), so a value exactly at a
 * threshold takes the lower code, and NaN takes code 0. FP4 decides on {@code |x|} and sets bit 3 when
 * {@code x < 0} (so -0.0 is +0 code 0b0000).
 */
enum FourBitCode {
    NF4(
            new float[] {
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
            },
            // dQuantizeNF4's thresholds in ascending order: code = number of thresholds strictly below x
            new float[] {
                -0.8480964004993439f,
                -0.6106329262256622f,
                -0.4599952697753906f,
                -0.33967943489551544f,
                -0.23460740596055984f,
                -0.13791173323988914f,
                -0.045525018125772476f,
                0.03979014977812767f,
                0.1202552504837513f,
                0.2035212516784668f,
                0.2920137718319893f,
                0.3893125355243683f,
                0.5016634166240692f,
                0.6427869200706482f,
                0.8614784181118011f
            }),
    FP4(
            new float[] {
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
            },
            // dQuantizeFP4's thresholds on |x|, ascending; the magnitude rank maps to a code through FP4_RANK_CODE
            new float[] {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f});

    /** FP4 codes (without the sign bit) by increasing magnitude: 0, 0.0052, 1/6, 1/4, 1/3, 1/2, 2/3, 1. */
    private static final int[] FP4_RANK_CODE = {0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011};

    private final float[] values;
    private final float[] thresholds;

    FourBitCode(float[] values, float[] thresholds) {
        this.values = values;
        this.thresholds = thresholds;
    }

    /** The 16 code values, indexed by code. */
    float[] table() {
        return values.clone();
    }

    float value(int code) {
        return values[code & 0xF];
    }

    /** The code of a normalised value {@code x = w · (1 / absmax)}. */
    int encode(float x) {
        if (this == NF4) {
            return rank(x);
        }
        int sign = x < 0 ? 0b1000 : 0;
        return FP4_RANK_CODE[rank(Math.abs(x))] | sign;
    }

    /** The number of thresholds strictly below {@code x} (thresholds ascend; NaN compares false: 0). */
    private int rank(float x) {
        int lo = 0;
        int hi = thresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x > thresholds[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
