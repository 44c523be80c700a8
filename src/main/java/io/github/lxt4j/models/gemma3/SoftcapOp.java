package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Logit softcapping {@code y = c·tanh(x / c)} (Gemma's {@code final_logit_softcapping}), element-wise. A site of kind
 * ACTIVATION. Gradient: {@code g ⊙ (1 − (y/c)²)}. Identity (AttnLRP's rule for element-wise nonlinearities): R.
 * Epsilon: {@code x ⊙ (1 − (y/c)²) ⊙ R / stab(y)}. Stop: none.
 */
final class SoftcapOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Identity.class, Rules.Gradient.class, Rules.Epsilon.class, Rules.StopRelevance.class);

    private final double cap;
    private Tensor y;

    private SoftcapOp(double cap, Tensor y) {
        this.cap = cap;
        this.y = y;
    }

    static Var apply(Site site, Var x, double cap) {
        Tensor y = x.value().mul(1.0 / cap).tanh().mul(cap);
        return new SoftcapOp(cap, y).record1(site, y, x);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        Tensor t = y.mul(1.0 / cap);
        return new Tensor[] {g.mul(t.square().neg().add(1))};
    }

    @Override
    protected void release() {
        y = null;
    }
}
