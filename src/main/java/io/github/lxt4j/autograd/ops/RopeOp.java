package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Broadcasting;
import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Rotary embedding with given cos and sin (HF's rotate-half layout): {@code y = x ⊙ cos + rot(x) ⊙ sin},
 * {@code rot([x1, x2]) = [−x2, x1]} over the last axis. It is linear in x with constant cos and sin.
 * Gradient: {@code R ⊙ cos + rotᵀ(R ⊙ sin)}. Epsilon: {@code x ⊙ ∂ᵀ(R / stab(y))}, which is what gradient × input
 * gives at ε → 0 (the fixtures' reference). Identity: R. Stop: none.
 */
public final class RopeOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Epsilon.class, Rules.Identity.class, Rules.Gradient.class, Rules.StopRelevance.class);

    private Tensor x;
    private Tensor cos;
    private Tensor sin;

    private RopeOp(Tensor x, Tensor cos, Tensor sin) {
        this.x = x;
        this.cos = cos;
        this.sin = sin;
    }

    /** x [..., T, D]; cos and sin broadcastable to x, e.g. [B, 1, T, D]. */
    public static Var apply(Site site, Var x, Tensor cos, Tensor sin) {
        Tensor y = x.value().mul(cos).add(rotateHalf(x.value()).mul(sin));
        return new RopeOp(x.value(), cos, sin).record1(site, y, x);
    }

    static Tensor rotateHalf(Tensor t) {
        long d = t.dim(-1);
        Tensor x1 = t.slice(-1, 0, d / 2);
        Tensor x2 = t.slice(-1, d / 2, d);
        return t.backend().concat(List.of(x2.neg(), x1), -1 + t.rank());
    }

    /** The transpose of rotateHalf: {@code rotᵀ([g1, g2]) = [g2, −g1]}. */
    static Tensor rotateHalfT(Tensor g) {
        long d = g.dim(-1);
        Tensor g1 = g.slice(-1, 0, d / 2);
        Tensor g2 = g.slice(-1, d / 2, d);
        return g.backend().concat(List.of(g2, g1.neg()), -1 + g.rank());
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return new Tensor[] {Broadcasting.reduceTo(g.mul(cos).add(rotateHalfT(g.mul(sin))), x.shape())};
    }

    @Override
    protected void release() {
        x = cos = sin = null;
    }
}
