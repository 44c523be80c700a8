package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Element-wise product of two Vars {@code z = a ⊙ b} (broadcasting), e.g. gate ⊙ up.
 * Gradient: {@code ∂a = R b, ∂b = R a}. Uniform (AttnLRP Eq. 12): R/2 to each. Identity: R to each (use when the
 * other branch is stopped, as CP-LRP does with the gate). Epsilon: {@code a ⊙ b ⊙ R/stab(z)} to each. Stop: none.
 */
public final class MulOp extends BinaryOp {

    private MulOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().mul(b.value());
        return new MulOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[2];
        }
        Tensor ra;
        Tensor rb;
        if (isGradient(rule)) {
            ra = r.mul(b);
            rb = r.mul(a);
        } else if (rule instanceof Rules.Uniform) {
            ra = rb = r.mul(0.5);
        } else if (rule instanceof Rules.Identity) {
            ra = rb = r;
        } else if (rule instanceof Rules.Epsilon) {
            ra = rb = z.mul(r.divStabilized(z, ((Rules.Epsilon) rule).epsilon(z.dtype())));
        } else {
            throw unsupported(rule, "gradient, uniform, identity, epsilon, stop");
        }
        return new Tensor[] {Broadcasting.reduceTo(ra, a.shape()), Broadcasting.reduceTo(rb, b.shape())};
    }
}
