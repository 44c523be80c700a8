package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Renormalisation of the top-k routing weights along the last axis, {@code z = w / Σw} (HF Mixtral's
 * {@code routing_weights /= routing_weights.sum(-1, keepdim=True)}). A site of kind DIV.
 * Gradient: {@code Jᵀg = g/S − (Σ g⊙w)/S²}. Epsilon (the fixtures' rule, the exact gradient × input of w/Σw):
 * {@code R_w = w ⊙ Jᵀ(R/stab(z)) = R − (w/S)·ΣR} for ε → 0; it sums to zero. Identity: R. Stop: none.
 */
final class RenormalizeOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Epsilon.class, Rules.Gradient.class, Rules.Identity.class, Rules.StopRelevance.class);

    private Tensor w;
    private Tensor sum;

    private RenormalizeOp(Tensor w, Tensor sum) {
        this.w = w;
        this.sum = sum;
    }

    static Var apply(Site site, Var w) {
        Tensor sum = w.value().sum(-1, true);
        Tensor z = w.value().div(sum);
        return new RenormalizeOp(w.value(), sum).record1(site, z, w);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        Tensor dot = g.mul(w).sum(-1, true);
        return new Tensor[] {g.div(sum).sub(dot.div(sum.square()))};
    }

    @Override
    protected void release() {
        w = sum = null;
    }
}
