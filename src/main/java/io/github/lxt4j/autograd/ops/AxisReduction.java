package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/** Shared backward of {@link SumOp} and {@link MeanOp}: {@code z = scale · Σ_axis x}. */
abstract class AxisReduction extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Gradient.class, Rules.Epsilon.class, Rules.StopRelevance.class);

    private final int axis;
    private final boolean keepDims;
    private final double scale;
    private Tensor x;

    AxisReduction(int axis, boolean keepDims, double scale, Tensor x) {
        this.axis = axis;
        this.keepDims = keepDims;
        this.scale = scale;
        this.x = x;
    }

    /** Broadcasts {@code t} (shaped like z) back over the reduced axis, materialized to x's shape. */
    private Tensor spread(Tensor t) {
        Tensor k = keepDims ? t : t.unsqueeze(axis);
        return x.zerosLike().add(k);
    }

    @Override
    protected final Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected final Tensor[] vjp(Tensor g) {
        return new Tensor[] {spread(scale == 1 ? g : g.mul(scale))};
    }

    @Override
    protected final void release() {
        x = null;
    }
}
