package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Element-wise product of two Vars {@code z = a ⊙ b} (broadcasting), e.g. gate ⊙ up.
 * Gradient: {@code ∂a = R b, ∂b = R a}. Uniform (AttnLRP Eq. 12): R/2 to each. Identity: R to each (use when the
 * other branch is stopped, as CP-LRP does with the gate). Epsilon: {@code a ⊙ b ⊙ R/stab(z)} to each. Stop: none.
 */
public final class MulOp extends BinaryOp {

    private static final Set<Class<? extends Rule>> RULES = rules(
            Rules.Gradient.class,
            Rules.Uniform.class,
            Rules.Identity.class,
            Rules.Epsilon.class,
            Rules.StopRelevance.class);

    private MulOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().mul(b.value());
        return new MulOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return toOperands(g.mul(b), g.mul(a));
    }
}
