package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Difference {@code z = a − b} (broadcasting; b may be a constant).
 * Gradient: {@code ∂a = R, ∂b = −R}. Epsilon (AttnLRP Eq. 6, b contributes −b to z): {@code R_a = a ⊙ R/stab(z)},
 * {@code R_b = −b ⊙ R/stab(z)}; a constant operand absorbs its share. Uniform: R/2 to each. Identity: R to each.
 * Stop: none.
 */
public final class SubOp extends BinaryOp {

    private static final Set<Class<? extends Rule>> RULES = rules(
            Rules.Gradient.class,
            Rules.Epsilon.class,
            Rules.Uniform.class,
            Rules.Identity.class,
            Rules.StopRelevance.class);

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
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return toOperands(g, g.neg());
    }
}
