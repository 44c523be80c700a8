package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/**
 * Padding masks of bidirectional encoders with right padding: every query attends to every key that is not padding
 * (pad queries too, as HF computes them; nothing reads them).
 */
public final class EncoderMask {
    private EncoderMask() {}

    /** BOOL [B, 1, 1, T], true at the keys that are real tokens; null when {@code attention} is null (no padding). */
    public static Tensor build(Backend backend, long[][] attention, int batch, int len) {
        if (attention == null) {
            return null;
        }
        double[] allowed = new double[batch * len];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < len; j++) {
                allowed[b * len + j] = attention[b][j] != 0 ? 1 : 0;
            }
        }
        return backend.fromDoubles(allowed, DType.FLOAT32, batch, 1, 1, len).gt(0.5);
    }

    /**
     * Refuses a mask that is not right-padded (a 1 after a 0 in a row): an encoder's learned positions count from
     * the first token, so a left-padded row would not explain like the row alone.
     *
     * @throws PaddingException naming the row
     */
    public static void requireRightPadding(long[][] attention) {
        if (attention == null) {
            return;
        }
        for (int b = 0; b < attention.length; b++) {
            boolean padded = false;
            for (int t = 0; t < attention[b].length; t++) {
                if (attention[b][t] == 0) {
                    padded = true;
                } else if (padded) {
                    throw new PaddingException("attention_mask row " + b + " has a token at position " + t
                            + " after padding: encoders take right padding (tokens first, then pads)");
                }
            }
        }
    }
}
