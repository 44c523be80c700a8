package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;

/** torch.repeat_interleave along an axis (repeat_kv for grouped-query attention); copies' relevance is summed. */
public final class RepeatInterleaveOp extends Structural {
    private final long[] inShape;
    private final int axis;
    private final long repeats;

    private RepeatInterleaveOp(long[] inShape, int axis, long repeats) {
        this.inShape = inShape;
        this.axis = axis;
        this.repeats = repeats;
    }

    public static Var apply(Var x, int axis, long repeats) {
        if (repeats == 1) {
            return x;
        }
        int a = Shapes.axis(axis, x.shape().length);
        return record(new RepeatInterleaveOp(x.shape(), a, repeats), x.value().repeatInterleave(a, repeats), x);
    }

    @Override
    protected Tensor route(Tensor r) {
        long[] split = new long[inShape.length + 1];
        for (int i = 0, j = 0; i < inShape.length; i++) {
            split[j++] = inShape[i];
            if (i == axis) {
                split[j++] = repeats;
            }
        }
        return r.reshape(split).sum(axis + 1, false);
    }
}
