package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Multiplication by a constant {@code z = x ⊙ c} (a scalar or a broadcastable tensor: 1/√d, a norm weight, a mask).
 * Gradient: {@code R ⊙ c}. Every LRP rule: relevance passes through unchanged (summed where x was broadcast).
 * Stop: none.
 */
public final class ScaleOp extends Op.Unary {

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
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        Tensor out = r;
        if (isGradient(rule)) {
            out = c != null ? r.mul(c) : r.mul(scalar);
        }
        return new Tensor[] {Broadcasting.reduceTo(out, xShape)};
    }

    @Override
    protected void release() {
        c = null;
    }
}
