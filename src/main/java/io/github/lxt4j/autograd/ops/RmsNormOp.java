package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * RMSNorm over the last axis: {@code y = x / sqrt(mean(x²) + eps) ⊙ w} (LLaMA; T5LayerNorm is the same).
 * Gradient: exact. Identity (AttnLRP): R. Epsilon: with 1/rms held constant (LXT),
 * {@code x ⊙ (w/rms) ⊙ R/stab(y) = y ⊙ R/stab(y)}, which is R up to ε. Stop: none.
 */
public final class RmsNormOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Identity.class, Rules.Epsilon.class, Rules.Gradient.class, Rules.StopRelevance.class);

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
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        // d/dx [x·inv·w] = inv·(h − x̂·mean(h·x̂)) with h = g ⊙ w, x̂ = x·inv
        Tensor h = w == null ? g : g.mul(w);
        Tensor xhat = x.mul(inv);
        Tensor proj = h.mul(xhat).mean(-1, true);
        return new Tensor[] {inv.mul(h.sub(xhat.mul(proj)))};
    }

    /** 1/rms held constant (LXT): y = x·inv·w is linear in x. */
    @Override
    protected Tensor[] epsilonVjp(Tensor g) {
        return new Tensor[] {w == null ? g.mul(inv) : g.mul(inv).mulInPlace(w)};
    }

    @Override
    protected void release() {
        x = w = inv = null;
    }
}
