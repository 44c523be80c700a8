package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * {@code s = softmax(x / T)} along an axis, with an optional BOOL mask (false = masked, i.e. −inf). A row whose
 * entries are all masked gives all zeros instead of NaN.
 * Gradient: {@code (s ⊙ (R − Σ R⊙s)) / T}. SoftmaxTaylor (AttnLRP Prop. 3.1): {@code R_x = (x/T) ⊙ (R − s ΣR)},
 * masked entries count as 0. Identity: R. Stop: none.
 */
public final class SoftmaxOp extends Op.Unary {

    private final int axis;
    private final double temperature;
    private Tensor x;
    private Tensor mask;
    private Tensor s;

    private SoftmaxOp(int axis, double temperature, Tensor x, Tensor mask, Tensor s) {
        this.axis = axis;
        this.temperature = temperature;
        this.x = x;
        this.mask = mask;
        this.s = s;
    }

    public static Var apply(Site site, Var x, int axis) {
        return apply(site, x, axis, 1.0, null);
    }

    /** @param mask BOOL, broadcastable to x; true where the entry takes part. May be null. */
    public static Var apply(Site site, Var x, int axis, double temperature, Tensor mask) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("softmax temperature must be > 0, got " + temperature);
        }
        Tensor in = temperature == 1.0 ? x.value() : x.value().mul(1.0 / temperature);
        Tensor s;
        if (mask == null) {
            s = in.softmax(axis);
        } else {
            Tensor ninf = in.backend().full(Double.NEGATIVE_INFINITY, in.dtype());
            s = in.where(mask, ninf).softmax(axis);
            Tensor rowAllowed = mask.toDType(in.dtype()).max(axis, true);   // small: the mask is not per head
            if (rowAllowed.lt(0.5).any()) {
                // a fully masked row is 0/0 = NaN after softmax: it attends to nothing
                s = s.where(rowAllowed.gt(0.5), in.backend().zeros(in.dtype()));
            }
        }
        return new SoftmaxOp(axis, temperature, x.value(), mask, s).record1(site, s, x);
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {r};
        }
        Tensor out;
        if (isGradient(rule)) {
            Tensor dot = r.mul(s).sum(axis, true);
            out = s.mul(r.sub(dot));
            if (temperature != 1.0) {
                out = out.mul(1.0 / temperature);
            }
        } else if (rule instanceof Rules.SoftmaxTaylor) {
            Tensor total = r.sum(axis, true);
            Tensor xs = temperature == 1.0 ? x : x.mul(1.0 / temperature);
            out = xs.mul(r.sub(s.mul(total)));
        } else {
            throw unsupported(rule, "softmax-taylor, gradient, identity, stop");
        }
        if (mask != null) {
            out = out.where(mask, out.backend().zeros(out.dtype()));
        }
        return new Tensor[] {out};
    }

    @Override
    protected void release() {
        x = mask = s = null;
    }
}
