package io.github.lxt4j.rules;

import static io.github.lxt4j.rules.ModifierRule.INPUT;
import static io.github.lxt4j.rules.ModifierRule.NEGATIVE;
import static io.github.lxt4j.rules.ModifierRule.PARAMS;
import static io.github.lxt4j.rules.ModifierRule.POSITIVE;
import static io.github.lxt4j.rules.ModifierRule.negative;
import static io.github.lxt4j.rules.ModifierRule.positive;
import static io.github.lxt4j.rules.ModifierRule.weightOnly;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;

/**
 * The rule values. The first seven are applied by every op through its vector-Jacobian product and its own overrides
 * ({@link RuleVisitor}); the zennit rules from {@link Gamma} on are {@link LinearRule}s, written here in
 * {@link ModifierRule} form and applied by every linear-type op. ε = NaN means "the default for the compute dtype"
 * ({@link #defaultEpsilon}): the references correspond to ε → 0, so ε is kept far below the dtype's resolution of
 * typical pre-activations.
 */
public final class Rules {
    private Rules() {}

    /** Default stabilizer per dtype: 1e-4 (float16), 1e-9 (float32), 1e-12 (float64). */
    public static double defaultEpsilon(DType dtype) {
        switch (dtype) {
            case FLOAT16:
                return 1e-4;
            case FLOAT64:
                return 1e-12;
            default:
                return 1e-9;
        }
    }

    static double resolve(double eps, DType dtype) {
        return Double.isNaN(eps) ? defaultEpsilon(dtype) : eps;
    }

    static String eps(double eps) {
        return Double.isNaN(eps) ? "dtype default" : Double.toString(eps);
    }

    /** {@code z} plus the layer's bias as {@code m} modifies it, or {@code z} when the layer has no bias. */
    private static Tensor withBias(Tensor z, LinearRule.Layer layer, ModifierRule.ParamModifier m) {
        return layer.bias() == null ? z : layer.addBias(z, m.apply(layer.bias(), "bias"));
    }

    /** LRP-ε (Eq. 6 of AttnLRP): {@code R_x = x ⊙ Jᵀ(R / (z + ε·sign(z)))}. */
    public record Epsilon(double epsilon) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.epsilon(this);
        }

        public Epsilon() {
            this(Double.NaN);
        }

        public double epsilon(DType dtype) {
            return resolve(epsilon, dtype);
        }

        @Override
        public String describe() {
            return "epsilon(" + eps(epsilon) + ")";
        }
    }

    /** Relevance passes unchanged (element-wise ops: norms, activations). */
    public record Identity() implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.identity(this);
        }

        @Override
        public String describe() {
            return "identity";
        }
    }

    /** Each of the n operands receives R/n (gate ⊙ up, expert ⊙ weight). */
    public record Uniform() implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.uniform(this);
        }

        @Override
        public String describe() {
            return "uniform";
        }
    }

    /** ε on a bilinear op, then split uniformly between both operands (AttnLRP Eq. 13, q·kᵀ and A·v). */
    public record UniformEpsilon(double epsilon) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.uniformEpsilon(this);
        }

        public UniformEpsilon() {
            this(Double.NaN);
        }

        public double epsilon(DType dtype) {
            return resolve(epsilon, dtype);
        }

        @Override
        public String describe() {
            return "uniform-epsilon(" + eps(epsilon) + ")";
        }
    }

    /** No relevance flows to the inputs: they are treated as constants. */
    public record StopRelevance() implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.stop(this);
        }

        @Override
        public String describe() {
            return "stop";
        }
    }

    /**
     * Softmax by a first-order Taylor expansion at the input (AttnLRP Prop. 3.1):
     * {@code R_in = (x/T) ⊙ (R − s·ΣR)}, where T is the softmax op's temperature and masked inputs count as 0.
     */
    public record SoftmaxTaylor() implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.softmaxTaylor(this);
        }

        @Override
        public String describe() {
            return "softmax-taylor";
        }
    }

    /** The exact vector-Jacobian product: the "relevance" field then holds the gradient. */
    public record Gradient() implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.gradient(this);
        }

        @Override
        public String describe() {
            return "gradient";
        }
    }

    /**
     * zennit's generalized Gamma rule for linear-type ops. With W⁺γ = W + γ·W⁺ and W⁻γ = W + γ·W⁻: where
     * z &gt; 0 the relevance goes to x⁺ through W⁺γ and to x⁻ through W⁻γ over the denominator
     * W⁺γx⁺ + W⁻γx⁻ + (b + γb⁺); where z &lt; 0 the roles swap (bias b + γb⁻); where z = 0 it is zero.
     */
    public record Gamma(double gamma, double stabilizer) implements LinearRule {
        public Gamma(double gamma) {
            this(gamma, 1e-6);
        }

        /**
         * Four branches: (x⁺, W⁺γ) and (x⁻, W⁻γ) over z &gt; 0 with the bias b + γb⁺, and (x⁺, W⁻γ) and (x⁻, W⁺γ)
         * over z &lt; 0 with the bias b + γb⁻; each input sign collects its two gradients.
         */
        public ModifierRule modifiers() {
            ModifierRule.ParamModifier up = (p, name) -> p.add(positive(p).mul(gamma));
            ModifierRule.ParamModifier down = (p, name) -> p.add(negative(p).mul(gamma));
            return ModifierRule.builder(describe())
                    .branch(POSITIVE, weightOnly(up))
                    .branch(NEGATIVE, weightOnly(down))
                    .branch(POSITIVE, weightOnly(down))
                    .branch(NEGATIVE, weightOnly(up))
                    .gradientMapper((r, out, layer) -> {
                        Tensor zero = r.zerosLike();
                        Tensor sPos = r.where(layer.output().gt(0), zero)
                                .divStabilized(withBias(out.get(0).add(out.get(1)), layer, up), stabilizer);
                        Tensor sNeg = r.where(layer.output().lt(0), zero)
                                .divStabilized(withBias(out.get(2).add(out.get(3)), layer, down), stabilizer);
                        return List.of(sPos, sPos, sNeg, sNeg);
                    })
                    .reducer((in, g) -> in.get(0)
                            .mul(g.get(0).add(g.get(2)))
                            .add(in.get(1).mul(g.get(1).add(g.get(3)))))
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "gamma(" + gamma + ")";
        }
    }

    /**
     * z⁺ rule (zennit's ZPlus, α = 1, β = 0): only positive contributions,
     * {@code R_x = (x⁺ ⊙ W⁺ᵀ + x⁻ ⊙ W⁻ᵀ)(R / stab(W⁺x⁺ + W⁻x⁻ + b⁺))}.
     */
    public record ZPlus(double stabilizer) implements LinearRule {
        public ZPlus() {
            this(1e-6);
        }

        /** Two branches, (x⁺, W⁺) and (x⁻, W⁻), over their sum with the bias b⁺. */
        public ModifierRule modifiers() {
            ModifierRule.ParamModifier pos = (p, name) -> positive(p);
            return ModifierRule.builder(describe())
                    .branch(POSITIVE, weightOnly(pos))
                    .branch(NEGATIVE, weightOnly((p, name) -> negative(p)))
                    .gradientMapper((r, out, layer) -> {
                        Tensor s = r.divStabilized(withBias(out.get(0).add(out.get(1)), layer, pos), stabilizer);
                        return List.of(s, s);
                    })
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "zplus";
        }
    }

    /**
     * α-β rule: α·(positive part) − β·(negative part), with α − β = 1; as in zennit the positive denominator
     * W⁺x⁺ + W⁻x⁻ takes b⁺ and the negative one W⁻x⁺ + W⁺x⁻ takes b⁻.
     */
    public record AlphaBeta(double alpha, double beta, double stabilizer) implements LinearRule {
        public AlphaBeta(double alpha, double beta) {
            this(alpha, beta, 1e-6);
        }

        public AlphaBeta {
            if (Math.abs(alpha - beta - 1) > 1e-9) {
                throw new IllegalArgumentException(
                        "AlphaBeta needs alpha - beta = 1, got alpha=" + alpha + ", beta=" + beta);
            }
        }

        /** Four branches: (x⁺, W⁺), (x⁻, W⁻) over their sum with b⁺, and (x⁺, W⁻), (x⁻, W⁺) over theirs with b⁻. */
        public ModifierRule modifiers() {
            ModifierRule.ParamModifier pos = (p, name) -> positive(p);
            ModifierRule.ParamModifier neg = (p, name) -> negative(p);
            return ModifierRule.builder(describe())
                    .branch(POSITIVE, weightOnly(pos))
                    .branch(NEGATIVE, weightOnly(neg))
                    .branch(POSITIVE, weightOnly(neg))
                    .branch(NEGATIVE, weightOnly(pos))
                    .gradientMapper((r, out, layer) -> {
                        Tensor sPos = r.divStabilized(withBias(out.get(0).add(out.get(1)), layer, pos), stabilizer);
                        Tensor sNeg = r.divStabilized(withBias(out.get(2).add(out.get(3)), layer, neg), stabilizer);
                        return List.of(sPos, sPos, sNeg, sNeg);
                    })
                    .reducer((in, g) -> in.get(0)
                            .mul(g.get(0))
                            .add(in.get(1).mul(g.get(1)))
                            .mul(alpha)
                            .sub(in.get(2)
                                    .mul(g.get(2))
                                    .add(in.get(3).mul(g.get(3)))
                                    .mul(beta)))
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "alpha" + alpha + "-beta" + beta;
        }
    }

    /** Flat rule: weights and inputs replaced by ones, bias ignored (R spread evenly over the receptive field). */
    public record Flat(double stabilizer) implements LinearRule {
        public Flat() {
            this(1e-6);
        }

        /** One branch: ones for the input and the weight, no bias. */
        public ModifierRule modifiers() {
            return ModifierRule.builder(describe())
                    .input(Tensor::onesLike)
                    .param((p, name) -> name.equals("bias") ? null : p.onesLike())
                    .stabilizer(stabilizer)
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "flat";
        }
    }

    /** w² rule: weights (and, as in zennit, the bias) squared, inputs replaced by ones. */
    public record WSquare(double stabilizer) implements LinearRule {
        public WSquare() {
            this(1e-6);
        }

        /** One branch: ones for the input, W² and b². */
        public ModifierRule modifiers() {
            return ModifierRule.builder(describe())
                    .input(Tensor::onesLike)
                    .param((p, name) -> p.square())
                    .stabilizer(stabilizer)
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "wsquare";
        }
    }

    /**
     * z^B (ZBox) rule for inputs bounded in [low, high], typically the first layer on pixels:
     * {@code R_x = x ⊙ Wᵀs − low ⊙ W⁺ᵀs − high ⊙ W⁻ᵀs}, {@code s = R / stab(Wx − W⁺·low − W⁻·high)}; the bias
     * cancels, as in zennit.
     */
    public record ZBox(double low, double high, double stabilizer) implements LinearRule {
        public ZBox(double low, double high) {
            this(low, high, 1e-6);
        }

        /** Three branches, (x, W), (low, W⁺) and (high, W⁻), without bias, over z₀ − z₁ − z₂. */
        public ModifierRule modifiers() {
            return ModifierRule.builder(describe())
                    .branch(INPUT, weightOnly(PARAMS))
                    .branch(x -> x.zerosLike().add(low), weightOnly((p, name) -> positive(p)))
                    .branch(x -> x.zerosLike().add(high), weightOnly((p, name) -> negative(p)))
                    .gradientMapper((r, out, layer) -> {
                        Tensor s = r.divStabilized(out.get(0).sub(out.get(1)).sub(out.get(2)), stabilizer);
                        return List.of(s, s, s);
                    })
                    .reducer((in, g) -> in.get(0)
                            .mul(g.get(0))
                            .sub(in.get(1).mul(g.get(1)))
                            .sub(in.get(2).mul(g.get(2))))
                    .build();
        }

        @Override
        public Tensor relevance(Layer layer, Tensor r) {
            return modifiers().relevance(layer, r);
        }

        @Override
        public String describe() {
            return "zbox[" + low + "," + high + "]";
        }
    }
}
