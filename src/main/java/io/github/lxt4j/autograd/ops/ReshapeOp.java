package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Tensor;

/** Reshape; relevance is reshaped back. */
public final class ReshapeOp extends Structural {
    private final long[] inShape;

    private ReshapeOp(long[] inShape) {
        this.inShape = inShape;
    }

    public static Var apply(Var x, long... shape) {
        return record(new ReshapeOp(x.shape()), x.value().reshape(shape), x);
    }

    @Override
    protected Tensor route(Tensor r) {
        return r.reshape(inShape);
    }
}
