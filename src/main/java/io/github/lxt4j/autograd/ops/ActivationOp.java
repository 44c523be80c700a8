package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Locale;
import java.util.Set;

/**
 * An element-wise activation {@code y = f(x)}. Gradient: {@code R ⊙ f'(x)}. Identity (AttnLRP for SiLU and GELU):
 * {@code R ⊙ x / (x + 1e-10)}, LXT's {@code identity_rule_implicit} (gradient {@code f(x) / (x + 1e-10)}, the
 * offset added whatever the sign of x), which is R except where |x| is within a few orders of 1e-10; where
 * {@code x + 1e-10} is exactly 0, R. Epsilon: {@code x ⊙ f'(x) ⊙ R / stab(y)}. Stop: none.
 */
public final class ActivationOp extends Op.Unary {

    /** The offset of LXT's {@code identity_rule_implicit}. */
    static final double IDENTITY_OFFSET = 1e-10;

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Identity.class, Rules.Gradient.class, Rules.Epsilon.class, Rules.StopRelevance.class);

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
        return f.name().toLowerCase(Locale.ROOT);
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
    protected Tensor[] identity(Tensor r) {
        Tensor shifted = x.add(IDENTITY_OFFSET);
        Tensor ratio = x.div(shifted);
        return new Tensor[] {r.mul(ratio.where(shifted.eq(0).logicalNot(), ratio.onesLike()))};
    }

    @Override
    protected void release() {
        x = null;
    }
}
