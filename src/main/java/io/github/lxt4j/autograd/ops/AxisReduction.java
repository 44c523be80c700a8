package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;

/** Shared backward of {@link SumOp} and {@link MeanOp}: {@code z = scale · Σ_axis x}. */
abstract class AxisReduction extends Op.Unary {

    private final int axis;
    private final boolean keepDims;
    private final double scale;
    private Tensor x;
    private Tensor z;

    AxisReduction(int axis, boolean keepDims, double scale, Tensor x, Tensor z) {
        this.axis = axis;
        this.keepDims = keepDims;
        this.scale = scale;
        this.x = x;
        this.z = z;
    }

    /** Broadcasts {@code t} (shaped like z) back over the reduced axis, materialized to x's shape. */
    private Tensor spread(Tensor t) {
        Tensor k = keepDims ? t : t.unsqueeze(axis);
        return x.zerosLike().add(k);
    }

    @Override
    protected final Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (isGradient(rule)) {
            return new Tensor[] {spread(scale == 1 ? r : r.mul(scale))};
        }
        if (rule instanceof Rules.Epsilon) {
            Tensor s = r.divStabilized(z, ((Rules.Epsilon) rule).epsilon(z.dtype()));
            Tensor xs = scale == 1 ? x : x.mul(scale);
            return new Tensor[] {xs.mul(keepDims ? s : s.unsqueeze(axis))};
        }
        throw unsupported(rule, "gradient, epsilon, stop (a reduction has no identity)");
    }

    @Override
    protected final void release() {
        x = z = null;
    }
}
