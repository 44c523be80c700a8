package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;

/**
 * Rotary embedding with given cos and sin (HF's rotate-half layout): {@code y = x ⊙ cos + rot(x) ⊙ sin},
 * {@code rot([x1, x2]) = [−x2, x1]} over the last axis. It is linear in x with constant cos and sin.
 * Gradient: {@code R ⊙ cos + rotᵀ(R ⊙ sin)}. Epsilon: {@code x ⊙ ∂ᵀ(R / stab(y))}, which is what gradient × input
 * gives at ε → 0 (the fixtures' reference). Identity: R. Stop: none.
 */
public final class RopeOp extends Op.Unary {

    private Tensor x;
    private Tensor y;
    private Tensor cos;
    private Tensor sin;

    private RopeOp(Tensor x, Tensor y, Tensor cos, Tensor sin) {
        this.x = x;
        this.y = y;
        this.cos = cos;
        this.sin = sin;
    }

    /** x [..., T, D]; cos and sin broadcastable to x, e.g. [B, 1, T, D]. */
    public static Var apply(Site site, Var x, Tensor cos, Tensor sin) {
        Tensor y = x.value().mul(cos).add(rotateHalf(x.value()).mul(sin));
        return new RopeOp(x.value(), y, cos, sin).record1(site, y, x);
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

    private Tensor vjp(Tensor g) {
        return Broadcasting.reduceTo(g.mul(cos).add(rotateHalfT(g.mul(sin))), x.shape());
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (isGradient(rule)) {
            return new Tensor[] {vjp(r)};
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {r};
        }
        if (rule instanceof Rules.Epsilon) {
            return new Tensor[] {vjp(r.divStabilized(y, ((Rules.Epsilon) rule).epsilon(y.dtype()))).mulInPlace(x)};
        }
        throw unsupported(rule, "epsilon, identity, gradient, stop");
    }

    @Override
    protected void release() {
        x = y = cos = sin = null;
    }
}
