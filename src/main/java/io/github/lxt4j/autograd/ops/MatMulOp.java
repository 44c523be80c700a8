package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Broadcasting;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.LinearRule;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * Batched matmul {@code z = a · b} of two Vars (torch.matmul broadcasting).
 * Gradient: {@code ∂a = R bᵀ, ∂b = aᵀ R}. Epsilon: each operand that needs relevance gets the full
 * {@code x ⊙ Jᵀ(R/stab(z))}, as if the other were constant. UniformEpsilon (AttnLRP Eq. 13) and Uniform: the same,
 * halved between a and b. A {@link LinearRule}: each operand in turn as the input, the other as the weight, no bias,
 * and each gets the rule's full result, as under Epsilon. Stop: none.
 */
public final class MatMulOp extends BinaryOp {

    private static final Set<Class<? extends Rule>> RULES = rules(
            Rules.Gradient.class,
            Rules.Epsilon.class,
            Rules.UniformEpsilon.class,
            Rules.Uniform.class,
            Rules.StopRelevance.class,
            LinearRule.class);

    private MatMulOp(Tensor a, Tensor b, Tensor z) {
        super(a, b, z);
    }

    public static Var apply(Site site, Var a, Var b) {
        Tensor z = a.value().matmul(b.value());
        return new MatMulOp(a.value(), b.value(), z).record1(site, z, a, b);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return new Tensor[] {
            Broadcasting.reduceTo(g.matmul(b.transpose(-1, -2)), a.shape()),
            Broadcasting.reduceTo(a.transpose(-1, -2).matmul(g), b.shape())
        };
    }

    @Override
    protected Tensor[] uniformEpsilon(Tensor r, double eps) {
        Tensor s = r.divStabilized(z, eps);
        boolean halveOperands = a.numel() + b.numel() < z.numel();
        if (!halveOperands) { // halve whichever is smaller: z for A·V, the operands for q·kᵀ
            s = s.mulInPlace(0.5);
        }
        Tensor[] rel = epsilonOf(s);
        if (halveOperands) {
            rel[0] = rel[0].mulInPlace(0.5);
            rel[1] = rel[1].mulInPlace(0.5);
        }
        return rel;
    }

    /** As UniformEpsilon with the dtype's default ε (AttnLRP's uniform rule on a bilinear op). */
    @Override
    protected Tensor[] uniform(Tensor r) {
        return uniformEpsilon(r, Rules.defaultEpsilon(z.dtype()));
    }

    @Override
    protected Tensor[] linear(Tensor r, LinearRule rule) {
        return new Tensor[] {rule.relevance(new Operand(true), r), rule.relevance(new Operand(false), r)};
    }

    /** One operand as the input of {@code x ↦ x·b} (left) or {@code x ↦ a·x} (right), the other as the weight. */
    private final class Operand implements LinearRule.Layer {
        private final boolean left;

        Operand(boolean left) {
            this.left = left;
        }

        @Override
        public Tensor input() {
            return left ? a : b;
        }

        @Override
        public Tensor weight() {
            return left ? b : a;
        }

        @Override
        public Tensor bias() {
            return null;
        }

        @Override
        public Tensor output() {
            return z;
        }

        @Override
        public Tensor apply(Tensor x, Tensor w) {
            return left ? x.matmul(w) : w.matmul(x);
        }

        @Override
        public Tensor adjoint(Tensor g, Tensor w) {
            return left
                    ? Broadcasting.reduceTo(g.matmul(w.transpose(-1, -2)), a.shape())
                    : Broadcasting.reduceTo(w.transpose(-1, -2).matmul(g), b.shape());
        }

        @Override
        public Tensor addBias(Tensor out, Tensor bias) {
            throw new UnsupportedOperationException("a matmul has no bias");
        }
    }
}
