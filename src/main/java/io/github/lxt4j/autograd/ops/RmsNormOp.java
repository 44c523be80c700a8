package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * RMSNorm over the last axis: {@code y = x / sqrt(mean(x²) + eps) ⊙ w} (LLaMA; T5LayerNorm is the same).
 * Gradient: exact. Identity (AttnLRP): R. Epsilon: with 1/rms a constant, {@code x ⊙ ∂y/∂x ⊙ R/y = R}, the same
 * as Identity. Stop: none.
 */
public final class RmsNormOp extends Op.Unary {

    private Tensor x;
    private Tensor w;
    private Tensor inv;

    private RmsNormOp(Tensor x, Tensor w, Tensor inv) {
        this.x = x;
        this.w = w;
        this.inv = inv;
    }

    /** @param weight [D] or null */
    public static Var apply(Site site, Var x, Tensor weight, double eps) {
        Tensor inv = x.value().square().mean(-1, true).add(eps).rsqrt();
        Tensor y = x.value().mul(inv);
        if (weight != null) {
            y = y.mul(weight);
        }
        return new RmsNormOp(x.value(), weight, inv).record1(site, y, x);
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (rule instanceof Rules.Identity || rule instanceof Rules.Epsilon) {
            return new Tensor[] {r};
        }
        if (isGradient(rule)) {
            // d/dx [x·inv·w] = inv·(g − x̂·mean(g·x̂)) with g = R ⊙ w, x̂ = x·inv
            Tensor g = w == null ? r : r.mul(w);
            Tensor xhat = x.mul(inv);
            Tensor proj = g.mul(xhat).mean(-1, true);
            return new Tensor[] {inv.mul(g.sub(xhat.mul(proj)))};
        }
        throw unsupported(rule, "identity, epsilon, gradient, stop");
    }

    @Override
    protected void release() {
        x = w = inv = null;
    }
}
