package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Broadcasting;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Multiplication by a constant {@code z = x ⊙ c} (a scalar or a broadcastable tensor: 1/√d, a norm weight, a mask).
 * Gradient: {@code R ⊙ c}. Every LRP rule: relevance passes through unchanged (summed where x was broadcast).
 * Stop: none.
 */
public final class ScaleOp extends PassThrough {

    private long[] xShape;
    private Tensor c;
    private double scalar;

    private ScaleOp(long[] xShape, Tensor c, double scalar) {
        this.xShape = xShape;
        this.c = c;
        this.scalar = scalar;
    }

    public static Var apply(Site site, Var x, Tensor constant) {
        Tensor z = x.value().mul(constant);
        return new ScaleOp(x.shape(), constant, Double.NaN).record1(site, z, x);
    }

    public static Var apply(Site site, Var x, double constant) {
        Tensor z = x.value().mul(constant);
        return new ScaleOp(x.shape(), null, constant).record1(site, z, x);
    }

    @Override
    protected Tensor[] pass(Tensor r) {
        return new Tensor[] {Broadcasting.reduceTo(r, xShape)};
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return pass(c != null ? g.mul(c) : g.mul(scalar));
    }

    @Override
    protected void release() {
        c = null;
    }
}
