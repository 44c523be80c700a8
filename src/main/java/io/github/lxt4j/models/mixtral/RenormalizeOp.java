package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Renormalisation of the top-k routing weights along the last axis, {@code z = w / Σw} (HF Mixtral's
 * {@code routing_weights /= routing_weights.sum(-1, keepdim=True)}). A site of kind DIV.
 * Gradient: {@code Jᵀg = g/S − (Σ g⊙w)/S²}. Epsilon (the fixtures' rule, the exact gradient × input of w/Σw):
 * {@code R_w = w ⊙ Jᵀ(R/stab(z)) = R − (w/S)·ΣR} for ε → 0; it sums to zero. Identity: R. Stop: none.
 */
final class RenormalizeOp extends Op.Unary {

    private Tensor w;
    private Tensor sum;
    private Tensor z;

    private RenormalizeOp(Tensor w, Tensor sum, Tensor z) {
        this.w = w;
        this.sum = sum;
        this.z = z;
    }

    static Var apply(Site site, Var w) {
        Tensor sum = w.value().sum(-1, true);
        Tensor z = w.value().div(sum);
        return new RenormalizeOp(w.value(), sum, z).record1(site, z, w);
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {r};
        }
        if (isGradient(rule)) {
            return new Tensor[] {vjp(r)};
        }
        if (rule instanceof Rules.Epsilon) {
            Tensor s = r.divStabilized(z, ((Rules.Epsilon) rule).epsilon(z.dtype()));
            return new Tensor[] {w.mul(vjp(s))};
        }
        throw unsupported(rule, "epsilon, gradient, identity, stop");
    }

    private Tensor vjp(Tensor g) {
        Tensor dot = g.mul(w).sum(-1, true);
        return g.div(sum).sub(dot.div(sum.square()));
    }

    @Override
    protected void release() {
        w = sum = z = null;
    }
}
