package io.github.lxt4j.rules;

import io.github.lxt4j.tensor.Tensor;

/**
 * A rule for linear-type ops (dense, conv, matmul): a function from the op's linear map, its saved input, weight,
 * bias and output, and the relevance of its output, to the relevance of its input. Every linear-type op applies
 * every {@code LinearRule}, so a new one (the library's or a user's) is written once, against {@link Layer}, and
 * touches no op. {@link ModifierRule} writes one in the style of zennit's {@code BasicHook}; the zennit rules in
 * {@link Rules} (Gamma, ZPlus, AlphaBeta, Flat, WSquare, ZBox) are written that way. Structural ops and constant
 * scales pass R through unchanged, as under every LRP rule; other ops refuse it with {@link UnsupportedRuleException}.
 */
public non-sealed interface LinearRule extends Rule {

    /** The relevance of the layer's input, shaped like {@link Layer#input()}, given the relevance r of its output. */
    Tensor relevance(Layer layer, Tensor r);

    @Override
    default <T> T accept(RuleVisitor<T> visitor) {
        return visitor.linear(this);
    }

    /**
     * A linear-type op as a rule sees it: {@code z = apply(x, W) + b}, with its adjoint. A dense layer maps
     * {@code x Wᵀ}, a convolution convolves, and a matmul {@code a·b} shows each operand in turn as the input, with
     * the other one as the weight and no bias (each operand gets the rule's full result, as under ε).
     */
    interface Layer {
        /** x, the op's input as the forward saw it. */
        Tensor input();

        /** W, dense (a stored weight is widened for the backward). */
        Tensor weight();

        /** b, or null when the op has none. */
        Tensor bias();

        /** z, the op's output, bias included. */
        Tensor output();

        /** The map without bias, {@code W x}, for any input and weight of the saved ones' shapes. */
        Tensor apply(Tensor x, Tensor w);

        /** {@code Wᵀ g}, shaped like the input: a new tensor that the caller may overwrite. */
        Tensor adjoint(Tensor g, Tensor w);

        /** Adds a bias of the saved bias' shape to an output. */
        Tensor addBias(Tensor z, Tensor b);
    }
}
