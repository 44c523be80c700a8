package io.github.lxt4j.models.llama;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Tensor;

/**
 * Attention masks and positions from an attention mask with left padding. Query i may attend key j when j ≤ i, key j
 * is not padding, and (with a sliding window w) i − j &lt; w. Positions count real tokens from 0, as HF's generate does.
 */
public final class CausalMask {
    private CausalMask() {
    }

    /** BOOL [B, 1, T, T]. {@code attention} is [B][T] of 0/1, or null for no padding. */
    public static Tensor build(Backend backend, long[][] attention, int batch, int len, long slidingWindow) {
        double[] allowed = new double[batch * len * len];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < len; i++) {
                for (int j = 0; j <= i; j++) {
                    boolean ok = attention == null || attention[b][j] != 0;
                    if (slidingWindow > 0 && i - j >= slidingWindow) {
                        ok = false;
                    }
                    allowed[(b * len + i) * len + j] = ok ? 1 : 0;
                }
            }
        }
        Tensor f = backend.fromDoubles(allowed, io.github.lxt4j.tensor.DType.FLOAT32, batch, 1, len, len);
        return f.gt(0.5);
    }

    /** Position ids: cumulative count of real tokens minus one (0 at padding). */
    public static long[][] positions(long[][] attention, int batch, int len) {
        long[][] pos = new long[batch][len];
        for (int b = 0; b < batch; b++) {
            long count = 0;
            for (int t = 0; t < len; t++) {
                boolean real = attention == null || attention[b][t] != 0;
                pos[b][t] = real ? count++ : 0;
            }
        }
        return pos;
    }
}
