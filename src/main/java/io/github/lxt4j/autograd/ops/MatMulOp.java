package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Batched matmul {@code z = a · b} of two Vars (torch.matmul broadcasting).
 * Gradient: {@code ∂a = R bᵀ, ∂b = aᵀ R}. Epsilon: each operand that needs relevance gets the full
 * {@code x ⊙ Jᵀ(R/stab(z))}, as if the other were constant. UniformEpsilon (AttnLRP Eq. 13) and Uniform: the same,
 * halved between a and b. Stop: none.
 */
public final class MatMulOp extends BinaryOp {

    private MatMulOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().matmul(b.value());
        return new MatMulOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[2];
        }
        if (isGradient(rule)) {
            return new Tensor[] {gradA(r), gradB(r)};
        }
        double share;
        double eps;
        if (rule instanceof Rules.Epsilon) {
            share = 1;
            eps = ((Rules.Epsilon) rule).epsilon(z.dtype());
        } else if (rule instanceof Rules.UniformEpsilon) {
            share = 0.5;
            eps = ((Rules.UniformEpsilon) rule).epsilon(z.dtype());
        } else if (rule instanceof Rules.Uniform) {
            share = 0.5;
            eps = Rules.defaultEpsilon(z.dtype());
        } else {
            throw unsupported(rule, "gradient, epsilon, uniform-epsilon, uniform, stop");
        }
        Tensor s = r.divStabilized(z, eps);
        boolean shareOnOperands = share != 1 && a.numel() + b.numel() < z.numel();
        if (share != 1 && !shareOnOperands) {   // scale whichever is smaller: z for A·V, the operands for q·kᵀ
            s = s.mulInPlace(share);
        }
        Tensor ra = gradA(s).mulInPlace(a);
        Tensor rb = gradB(s).mulInPlace(b);
        if (shareOnOperands) {
            ra = ra.mulInPlace(share);
            rb = rb.mulInPlace(share);
        }
        return new Tensor[] {ra, rb};
    }

    private Tensor gradA(Tensor g) {
        return Broadcasting.reduceTo(g.matmul(b.transpose(-1, -2)), a.shape());
    }

    private Tensor gradB(Tensor g) {
        return Broadcasting.reduceTo(a.transpose(-1, -2).matmul(g), b.shape());
    }
}
