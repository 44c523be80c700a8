package io.github.lxt4j.nn;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/**
 * RoPE cos/sin tables in HF's layout (frequencies repeated over both halves). The inverse frequencies come from a
 * {@link RopeScaling}, which covers default, linear, dynamic-NTK and llama3 scaling.
 */
public final class RotaryEmbedding {

    private final int dim;
    private final RopeScaling scaling;

    public RotaryEmbedding(int dim, RopeScaling scaling) {
        if (dim % 2 != 0) {
            throw new IllegalArgumentException("rotary dimension must be even, got " + dim);
        }
        this.dim = dim;
        this.scaling = scaling;
    }

    /** cos and sin of shape [B, 1, T, dim] for positions [B][T]. */
    public Tensor[] cosSin(long[][] positions, Backend backend, DType dtype) {
        int b = positions.length;
        int t = positions[0].length;
        long maxPos = 0;
        for (long[] row : positions) {
            for (long p : row) {
                maxPos = Math.max(maxPos, p);
            }
        }
        double[] inv = scaling.inverseFrequencies(dim, maxPos + 1);
        int half = dim / 2;
        double[] cos = new double[b * t * dim];
        double[] sin = new double[b * t * dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * dim;
                for (int d = 0; d < half; d++) {
                    // float32 product, as HF computes position × inv_freq in float32
                    double angle = (float) ((float) positions[i][j] * (float) inv[d]);
                    double c = Math.cos(angle) * scaling.attentionFactor();
                    double s = Math.sin(angle) * scaling.attentionFactor();
                    cos[base + d] = c;
                    cos[base + d + half] = c;
                    sin[base + d] = s;
                    sin[base + d + half] = s;
                }
            }
        }
        return new Tensor[] {
            backend.fromDoubles(cos, dtype, b, 1, t, dim), backend.fromDoubles(sin, dtype, b, 1, t, dim)
        };
    }
}
