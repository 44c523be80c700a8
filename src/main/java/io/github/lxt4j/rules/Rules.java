package io.github.lxt4j.rules;

import io.github.lxt4j.tensor.DType;

/**
 * The rule values. ε = NaN means "the default for the compute dtype" ({@link #defaultEpsilon}): the references
 * correspond to ε → 0, so ε is kept far below the dtype's resolution of typical pre-activations.
 */
public final class Rules {
    private Rules() {
    }

    /** Default stabilizer per dtype: 1e-4 (float16), 1e-9 (float32), 1e-12 (float64). */
    public static double defaultEpsilon(DType dtype) {
        switch (dtype) {
            case FLOAT16: return 1e-4;
            case FLOAT64: return 1e-12;
            default: return 1e-9;
        }
    }

    static double resolve(double eps, DType dtype) {
        return Double.isNaN(eps) ? defaultEpsilon(dtype) : eps;
    }

    static String eps(double eps) {
        return Double.isNaN(eps) ? "dtype default" : Double.toString(eps);
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
     * zennit's generalized Gamma rule for linear and conv layers. With W⁺γ = W + γ·W⁺ and W⁻γ = W + γ·W⁻: where
     * z &gt; 0 the relevance goes to x⁺ through W⁺γ and to x⁻ through W⁻γ over the denominator
     * W⁺γx⁺ + W⁻γx⁻ + (b + γb⁺); where z &lt; 0 the roles swap (bias b + γb⁻); where z = 0 it is zero.
     */
    public record Gamma(double gamma, double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.gamma(this);
        }

        public Gamma(double gamma) {
            this(gamma, 1e-6);
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
    public record ZPlus(double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.zPlus(this);
        }

        public ZPlus() {
            this(1e-6);
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
    public record AlphaBeta(double alpha, double beta, double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.alphaBeta(this);
        }

        public AlphaBeta(double alpha, double beta) {
            this(alpha, beta, 1e-6);
        }

        public AlphaBeta {
            if (Math.abs(alpha - beta - 1) > 1e-9) {
                throw new IllegalArgumentException("AlphaBeta needs alpha - beta = 1, got alpha=" + alpha
                        + ", beta=" + beta);
            }
        }

        @Override
        public String describe() {
            return "alpha" + alpha + "-beta" + beta;
        }
    }

    /** Flat rule: weights and inputs replaced by ones (relevance spread evenly over the receptive field). */
    public record Flat(double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.flat(this);
        }

        public Flat() {
            this(1e-6);
        }

        @Override
        public String describe() {
            return "flat";
        }
    }

    /** w² rule: weights (and, as in zennit, the bias) squared, inputs replaced by ones. */
    public record WSquare(double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.wSquare(this);
        }

        public WSquare() {
            this(1e-6);
        }

        @Override
        public String describe() {
            return "wsquare";
        }
    }

    /** z^B (ZBox) rule for bounded inputs in [low, high], typically the first layer on pixels. */
    public record ZBox(double low, double high, double stabilizer) implements Rule {
        @Override
        public <T> T accept(RuleVisitor<T> visitor) {
            return visitor.zBox(this);
        }

        public ZBox(double low, double high) {
            this(low, high, 1e-6);
        }

        @Override
        public String describe() {
            return "zbox[" + low + "," + high + "]";
        }
    }
}
