package io.github.lxt4j.tensor.storage;

import java.util.Arrays;

/**
 * bitsandbytes' signed 8-bit dynamic code book (bitsandbytes/functional.py {@code create_dynamic_map(signed=True,
 * max_exponent_bits=7, total_bits=8)}), which double quantization applies to the 4-bit block absmax values, and the
 * nearest-code search of its CUDA quantizer ({@code dQuantize<0>} in csrc/kernels.cu). See docs/quantization.md.
 */
public final class DynamicMap {
    /** The 256 code values, ascending: 127 negative, 0, 127 positive below 1, and 1. */
    private static final double[] POWERS_OF_TEN = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1};

    private static final float[] CODE = build();

    private DynamicMap() {}

    /** A copy of the 256 code values, ascending. */
    public static float[] code() {
        return CODE.clone();
    }

    /**
     * The map as {@code create_dynamic_map} builds it in float32: for exponent {@code i} in 0..6, the
     * {@code 2^i + 1} points of {@code torch.linspace(0.1, 1, 2^i + 1)}, the means of neighbours
     * {@code (b[j] + b[j + 1]) / 2}, scaled by {@code float(10^(i - 6))} with both signs; then 0 and 1; sorted.
     */
    private static float[] build() {
        float[] data = new float[256];
        int n = 0;
        for (int i = 0; i < 7; i++) {
            float[] b = linspace(0.1f, 1f, (1 << i) + 1);
            float scale = (float) POWERS_OF_TEN[i];
            for (int j = 0; j + 1 < b.length; j++) {
                float mean = (b[j] + b[j + 1]) / 2f;
                data[n++] = mean * scale;
                data[n++] = mean * -scale;
            }
        }
        data[n++] = 0f;
        data[n++] = 1f;
        if (n != 256) {
            throw new IllegalStateException("dynamic map has " + n + " values, expected 256");
        }
        Arrays.sort(data);
        return data;
    }

    /**
     * {@code torch.linspace(start, end, steps)} in float32 as PyTorch's CPU kernel computes it: {@code step =
     * (end - start) / (steps - 1)}; the first half {@code start + step * i}, the second {@code end - step * (steps
     * - 1 - i)}, each a fused multiply-add (one rounding) as the compiler contracts it in the AVX2 kernel. This is
     * the variant whose values match the map printed from bitsandbytes (test: DynamicMapTest).
     */
    static float[] linspace(float start, float end, int steps) {
        float step = (end - start) / (float) (steps - 1);
        int halfway = steps / 2;
        float[] out = new float[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = i < halfway ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (steps - i - 1), end);
        }
        return out;
    }

    /**
     * The code of a normalised value {@code x} as bitsandbytes' CUDA kernel {@code dQuantize<0>} picks it in the
     * ascending {@code code} of 256 values: a seven-step binary search from the middle, then the nearer of the last
     * pivot and its bracketing neighbour by the float midpoint {@code (a + b) * 0.5f}; a value exactly at the
     * midpoint keeps the pivot. NaN (a block of zeros scaled by 1/0) ends at code 0.
     */
    public static int quantize(float[] code, float x) {
        int pivot = 127;
        int upperPivot = 255;
        int lowerPivot = 0;
        float lower = -1f;
        float upper = 1f;
        float val = code[pivot];
        for (int i = 64; i > 0; i >>= 1) {
            if (x > val) {
                lowerPivot = pivot;
                lower = val;
                pivot += i;
            } else {
                upperPivot = pivot;
                upper = val;
                pivot -= i;
            }
            val = code[pivot];
        }
        if (upperPivot == 255) {
            upper = code[upperPivot];
        }
        if (lowerPivot == 0) {
            lower = code[lowerPivot];
        }
        if (x > val) {
            return x > (upper + val) * 0.5f ? upperPivot : pivot;
        }
        return x < (lower + val) * 0.5f ? lowerPivot : pivot;
    }
}
