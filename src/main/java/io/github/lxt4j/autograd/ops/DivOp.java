package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Broadcasting;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Quotient {@code z = a / b} (broadcasting), e.g. the MoE renormalisation {@code w / Σw}.
 * Gradient: {@code ∂a = R / b}, {@code ∂b = −R ⊙ a / b²}. Epsilon ({@code x ⊙ Jᵀ(R/stab(z))} per operand, AttnLRP
 * Eq. 6; gradient × input at ε → 0): {@code R_a = z ⊙ R/stab(z)}, {@code R_b = −z ⊙ R/stab(z)}, each summed over its
 * broadcast axes. Identity: R to a, b treated as a constant. Stop: none.
 */
public final class DivOp extends BinaryOp {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Gradient.class, Rules.Epsilon.class, Rules.Identity.class, Rules.StopRelevance.class);

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
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        Tensor ga = g.div(b);
        return toOperands(ga, ga.mul(z).neg()); // −g·a/b² = −(g/b)·(a/b)
    }

    /** The denominator counts as a constant: all of R to the numerator. */
    @Override
    protected Tensor[] identity(Tensor r) {
        return new Tensor[] {Broadcasting.reduceTo(r, a.shape()), null};
    }
}
