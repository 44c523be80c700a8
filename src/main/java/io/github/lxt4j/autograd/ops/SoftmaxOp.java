package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * {@code s = softmax(x / T)} along an axis, with an optional BOOL mask (false = masked, i.e. −inf). A row whose
 * entries are all masked gives all zeros instead of NaN. The backward masks by multiplying with 0/1 when x is
 * finite, and by selecting otherwise.
 * Gradient: {@code (s ⊙ (R − Σ R⊙s)) / T}. SoftmaxTaylor (AttnLRP Prop. 3.1): {@code R_x = (x/T) ⊙ (R − s ΣR)},
 * masked entries count as 0. Identity: R. Stop: none.
 */
public final class SoftmaxOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.SoftmaxTaylor.class, Rules.Gradient.class, Rules.Identity.class, Rules.StopRelevance.class);

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
            // An additive 0/−inf bias built on the (usually head-broadcast) mask: cheaper than where() on x.
            // A fully masked row would be 0/0 = NaN; it gets no bias instead and is zeroed after the softmax.
            Tensor allowed = mask.toDType(in.dtype());
            Tensor rowAllowed = allowed.max(axis, true);
            boolean emptyRows = rowAllowed.lt(0.5).any();
            Tensor keep = emptyRows ? allowed.sub(rowAllowed).gt(-0.5) : mask;
            Tensor ninf = in.backend().full(Double.NEGATIVE_INFINITY, in.dtype());
            s = in.add(in.backend().zeros(in.dtype(), mask.shape()).where(keep, ninf))
                    .softmax(axis);
            if (emptyRows) {
                s = finite(in)
                        ? s.mulInPlace(rowAllowed)
                        : s.where(rowAllowed.gt(0.5), in.backend().zeros(in.dtype()));
            }
        }
        return new SoftmaxOp(axis, temperature, x.value(), mask, s).record1(site, s, x);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        Tensor dot = g.mul(s).sum(axis, true);
        return new Tensor[] {masked(g.sub(dot).mulInPlace(s))};
    }

    @Override
    protected Tensor[] softmaxTaylor(Tensor r) {
        return new Tensor[] {masked(r.sub(s.mul(r.sum(axis, true))).mulInPlace(x))};
    }

    /** {@code out / T}, zero at masked entries; {@code out} is a temporary of this op's backward. */
    private Tensor masked(Tensor out) {
        double factor = 1.0 / temperature;
        if (mask == null) {
            return factor == 1.0 ? out : out.mulInPlace(factor);
        }
        if (finite(x)) {
            return out.mulInPlace(mask.toDType(out.dtype()).mul(factor));
        }
        Tensor scaled = factor == 1.0 ? out : out.mulInPlace(factor);
        return scaled.where(mask, out.backend().zeros(out.dtype()));
    }

    /**
     * Whether x is all finite, so that masking by multiplying with 0/1 equals selecting; masked inputs given as −inf
     * (additive masks) need the select. One reduction instead of PyTorch's slow CPU where.
     */
    private static boolean finite(Tensor x) {
        return Double.isFinite(x.sumAll().item());
    }

    @Override
    protected void release() {
        x = mask = s = null;
    }
}
