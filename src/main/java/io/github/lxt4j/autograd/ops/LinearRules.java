package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.tensor.Tensor;

/**
 * The zennit-style rules of linear and conv layers, written once against {@link LinearMap}. x⁺ = max(x,0),
 * x⁻ = min(x,0), W⁺ = max(W,0), W⁻ = min(W,0); every stabilizer is sign-aware (zero counts as positive). Biases enter the
 * denominators as in zennit: Gamma b + γb^±, ZPlus and AlphaBeta's positive part b⁺ (its negative part b⁻), WSquare b²;
 * Flat ignores the bias and in ZBox it cancels.
 */
final class LinearRules {
    private LinearRules() {
    }

    /** R_x = Wᵀ(R / stab(W·ones + b)) for input-independent rules (Flat, WSquare) whose "input" is all ones. */
    static Tensor redistribute(LinearMap m, Tensor ones, Tensor w, Tensor b, Tensor r, double stab) {
        Tensor z = m.apply(ones, w);
        if (b != null) {
            z = m.addBias(z, b);
        }
        return ones.mul(m.adjoint(r.divStabilized(z, stab), w));
    }

    private static Tensor pos(Tensor t) {
        return t.clamp(0, Double.POSITIVE_INFINITY);
    }

    private static Tensor negPart(Tensor t) {
        return t.clamp(Double.NEGATIVE_INFINITY, 0);
    }

    static Tensor gamma(LinearMap m, Tensor x, Tensor w, Tensor b, Tensor z, Tensor r, Rules.Gamma g) {
        double gamma = g.gamma();
        Tensor xp = pos(x);
        Tensor xn = negPart(x);
        Tensor wp = w.add(pos(w).mul(gamma));
        Tensor wn = w.add(negPart(w).mul(gamma));
        Tensor outPos = m.apply(xp, wp).add(m.apply(xn, wn));
        Tensor outNeg = m.apply(xp, wn).add(m.apply(xn, wp));
        if (b != null) {
            outPos = m.addBias(outPos, b.add(pos(b).mul(gamma)));
            outNeg = m.addBias(outNeg, b.add(negPart(b).mul(gamma)));
        }
        Tensor zero = r.zerosLike();
        Tensor rPos = r.where(z.gt(0), zero);
        Tensor rNeg = r.where(z.lt(0), zero);
        Tensor sPos = rPos.divStabilized(outPos, g.stabilizer());
        Tensor sNeg = rNeg.divStabilized(outNeg, g.stabilizer());
        Tensor toXp = m.adjoint(sPos, wp).add(m.adjoint(sNeg, wn));
        Tensor toXn = m.adjoint(sPos, wn).add(m.adjoint(sNeg, wp));
        return xp.mul(toXp).add(xn.mul(toXn));
    }

    static Tensor zPlus(LinearMap m, Tensor x, Tensor w, Tensor b, Tensor r, double stab) {
        Tensor xp = pos(x);
        Tensor xn = negPart(x);
        Tensor wp = pos(w);
        Tensor wn = negPart(w);
        Tensor z = m.apply(xp, wp).add(m.apply(xn, wn));
        if (b != null) {
            z = m.addBias(z, pos(b));
        }
        Tensor s = r.divStabilized(z, stab);
        return xp.mul(m.adjoint(s, wp)).add(xn.mul(m.adjoint(s, wn)));
    }

    static Tensor alphaBeta(LinearMap m, Tensor x, Tensor w, Tensor b, Tensor r, Rules.AlphaBeta ab) {
        Tensor xp = pos(x);
        Tensor xn = negPart(x);
        Tensor wp = pos(w);
        Tensor wn = negPart(w);
        Tensor zPos = m.apply(xp, wp).add(m.apply(xn, wn));
        Tensor zNeg = m.apply(xp, wn).add(m.apply(xn, wp));
        if (b != null) {
            zPos = m.addBias(zPos, pos(b));
            zNeg = m.addBias(zNeg, negPart(b));
        }
        Tensor sPos = r.divStabilized(zPos, ab.stabilizer());
        Tensor sNeg = r.divStabilized(zNeg, ab.stabilizer());
        Tensor positive = xp.mul(m.adjoint(sPos, wp)).add(xn.mul(m.adjoint(sPos, wn)));
        Tensor negative = xp.mul(m.adjoint(sNeg, wn)).add(xn.mul(m.adjoint(sNeg, wp)));
        return positive.mul(ab.alpha()).sub(negative.mul(ab.beta()));
    }

    static Tensor zBox(LinearMap m, Tensor x, Tensor w, Tensor r, Rules.ZBox box) {
        Tensor low = x.zerosLike().add(box.low());
        Tensor high = x.zerosLike().add(box.high());
        Tensor wp = pos(w);
        Tensor wn = negPart(w);
        Tensor z = m.apply(x, w).sub(m.apply(low, wp)).sub(m.apply(high, wn));
        Tensor s = r.divStabilized(z, box.stabilizer());
        return x.mul(m.adjoint(s, w)).sub(low.mul(m.adjoint(s, wp))).sub(high.mul(m.adjoint(s, wn)));
    }
}
