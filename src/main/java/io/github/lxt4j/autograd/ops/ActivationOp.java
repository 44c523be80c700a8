package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * An element-wise activation {@code y = f(x)}. Gradient: {@code R ⊙ f'(x)}. Identity (AttnLRP for SiLU and GELU):
 * R. Epsilon: {@code x ⊙ f'(x) ⊙ R / stab(y)}. Stop: none.
 */
public final class ActivationOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES = rules(Rules.Identity.class, Rules.Gradient.class,
            Rules.Epsilon.class, Rules.StopRelevance.class);

    private final Activation f;
    private Tensor x;

    private ActivationOp(Activation f, Tensor x) {
        this.f = f;
        this.x = x;
    }

    public static Var apply(Site site, Var x, Activation f) {
        Tensor y = f.apply(x.value());
        return new ActivationOp(f, x.value()).record1(site, y, x);
    }

    @Override
    public String name() {
        return f.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return new Tensor[] {g.mul(f.derivative(x))};
    }

    @Override
    protected void release() {
        x = null;
    }
}
