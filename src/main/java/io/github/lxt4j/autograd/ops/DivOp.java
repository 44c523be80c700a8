package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Quotient {@code z = a / b} (broadcasting), e.g. the MoE renormalisation {@code w / Σw}.
 * Gradient: {@code ∂a = R / b}, {@code ∂b = −R ⊙ a / b²}. Epsilon ({@code x ⊙ Jᵀ(R/stab(z))} per operand, AttnLRP
 * Eq. 6; gradient × input at ε → 0): {@code R_a = z ⊙ R/stab(z)}, {@code R_b = −z ⊙ R/stab(z)}, each summed over its
 * broadcast axes. Identity: R to a, b treated as a constant. Stop: none.
 */
public final class DivOp extends BinaryOp {

    private DivOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().div(b.value());
        return new DivOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    /** {@code a / constant}. */
    public static Var apply(Site site, Var a, Tensor constant) {
        return apply(site, a, Var.constant(constant));
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[2];
        }
        if (isGradient(rule)) {
            Tensor ga = r.div(b);
            Tensor gb = ga.mul(z).neg();      // −R·a/b² = −(R/b)·(a/b)
            return new Tensor[] {Broadcasting.reduceTo(ga, a.shape()), Broadcasting.reduceTo(gb, b.shape())};
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {Broadcasting.reduceTo(r, a.shape()), null};
        }
        if (rule instanceof Rules.Epsilon) {
            // a·(1/b)·s = z·s and b·(−a/b²)·s = −z·s, with s = R/stab(z)
            Tensor zs = z.mul(r.divStabilized(z, ((Rules.Epsilon) rule).epsilon(z.dtype())));
            return new Tensor[] {Broadcasting.reduceTo(zs, a.shape()), Broadcasting.reduceTo(zs.neg(), b.shape())};
        }
        throw unsupported(rule, "gradient, epsilon, identity, stop");
    }
}
