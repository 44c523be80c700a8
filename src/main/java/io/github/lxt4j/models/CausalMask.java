package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/**
 * Attention masks and positions of decoder batches with left padding. Query i may attend key j when j ≤ i, key j is
 * not padding, and (with a sliding window w) i − j &lt; w.
 */
public final class CausalMask {
    private CausalMask() {}

    /**
     * BOOL [B, 1, T, T]. {@code attention} is [B][T] of 0/1, or null for no padding; {@code slidingWindow} ≤ 0: none.
     */
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
        Tensor f = backend.fromDoubles(allowed, DType.FLOAT32, batch, 1, len, len);
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

    /** Position ids 0..len−1 in every row, whatever the mask (HF's forward without {@code position_ids}). */
    public static long[][] indices(int batch, int len) {
        long[][] pos = new long[batch][len];
        for (long[] row : pos) {
            for (int t = 0; t < len; t++) {
                row[t] = t;
            }
        }
        return pos;
    }

    /**
     * Refuses right padding (a 0 after a real token): decoders explain the last position, which must be real.
     *
     * @throws PaddingException naming the row and the position
     */
    public static void requireLeftPadding(long[][] attention) {
        if (attention == null) {
            return;
        }
        for (int b = 0; b < attention.length; b++) {
            boolean real = false;
            for (int t = 0; t < attention[b].length; t++) {
                if (attention[b][t] != 0) {
                    real = true;
                } else if (real) {
                    throw new PaddingException("attention_mask row " + b + " has a pad (0) at position " + t
                            + " after a real token: decoder LMs take left padding (pads first, as a tokenizer with"
                            + " padding_side='left' writes them), so that each row's last position is its last token");
                }
            }
        }
    }
}
