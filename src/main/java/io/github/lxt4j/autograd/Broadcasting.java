package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Tensor;

/** Sums relevance or gradient over the axes along which an operand was broadcast. */
public final class Broadcasting {
    private Broadcasting() {}

    public static Tensor reduceTo(Tensor r, long[] shape) {
        long[] rs = r.shape();
        Tensor out = r;
        int lead = rs.length - shape.length;
        for (int i = 0; i < lead; i++) {
            out = out.sum(0, false);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1 && out.dim(i) != 1) {
                out = out.sum(i, true);
            }
        }
        return out;
    }
}
