package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;

/**
 * Mean along one axis {@code z = (1/n) Σ_axis x} (keepDims optional).
 * Gradient: R/n broadcast back along the axis. Epsilon (AttnLRP Eq. 6): {@code R_x = (x/n) ⊙ R/stab(z)}, broadcast
 * along the axis. Stop: none. Identity and Uniform are not defined for a reduction (UnsupportedRuleException).
 */
public final class MeanOp extends AxisReduction {

    private MeanOp(int axis, boolean keepDims, long n, Tensor x) {
        super(axis, keepDims, 1.0 / n, x);
    }

    public static Var apply(Site site, Var x, int axis, boolean keepDims) {
        int a = Shapes.axis(axis, x.shape().length);
        Tensor z = x.value().mean(a, keepDims);
        return new MeanOp(a, keepDims, x.shape()[a], x.value()).record1(site, z, x);
    }
}
