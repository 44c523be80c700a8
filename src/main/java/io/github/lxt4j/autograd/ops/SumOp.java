package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;

/**
 * Sum along one axis {@code z = Σ_axis x} (keepDims optional).
 * Gradient: R broadcast back along the axis. Epsilon (AttnLRP Eq. 6): {@code R_x = x ⊙ R/stab(z)}, broadcast along
 * the axis. Stop: none. Identity and Uniform are not defined for a reduction (UnsupportedRuleException).
 */
public final class SumOp extends AxisReduction {

    private SumOp(int axis, boolean keepDims, Tensor x) {
        super(axis, keepDims, 1, x);
    }

    public static Var apply(Site site, Var x, int axis, boolean keepDims) {
        int a = Shapes.axis(axis, x.shape().length);
        Tensor z = x.value().sum(a, keepDims);
        return new SumOp(a, keepDims, x.value()).record1(site, z, x);
    }
}
