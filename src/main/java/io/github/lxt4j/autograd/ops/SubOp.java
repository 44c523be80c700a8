package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Difference {@code z = a − b} (broadcasting; b may be a constant).
 * Gradient: {@code ∂a = R, ∂b = −R}. Epsilon (AttnLRP Eq. 6, b contributes −b to z): {@code R_a = a ⊙ R/stab(z)},
 * {@code R_b = −b ⊙ R/stab(z)}; a constant operand absorbs its share. Uniform: R/2 to each. Identity: R to each.
 * Stop: none.
 */
public final class SubOp extends BinaryOp {

    private SubOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().sub(b.value());
        return new SubOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    /** {@code a − constant}. */
    public static Var apply(Site site, Var a, Tensor constant) {
        return apply(site, a, Var.constant(constant));
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[2];
        }
        if (isGradient(rule)) {
            return new Tensor[] {Broadcasting.reduceTo(r, a.shape()), Broadcasting.reduceTo(r.neg(), b.shape())};
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {Broadcasting.reduceTo(r, a.shape()), Broadcasting.reduceTo(r, b.shape())};
        }
        if (rule instanceof Rules.Uniform) {
            Tensor half = r.mul(0.5);
            return new Tensor[] {Broadcasting.reduceTo(half, a.shape()), Broadcasting.reduceTo(half, b.shape())};
        }
        if (rule instanceof Rules.Epsilon) {
            Tensor s = r.divStabilized(z, ((Rules.Epsilon) rule).epsilon(z.dtype()));
            return new Tensor[] {Broadcasting.reduceTo(a.mul(s), a.shape()),
                    Broadcasting.reduceTo(b.mul(s).neg(), b.shape())};
        }
        throw unsupported(rule, "gradient, epsilon, uniform, identity, stop");
    }
}
