package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.tensor.Tensor;

/** A linear layer's map without bias, and its adjoint: what the zennit-style rules need from dense and conv. */
interface LinearMap {
    /** z = W x (no bias). */
    Tensor apply(Tensor x, Tensor w);

    /** Wᵀ g, shaped like x: a new tensor that the caller may overwrite (see {@link Tensor#mulInPlace}). */
    Tensor adjoint(Tensor g, Tensor w);

    /** Adds a bias of shape [out] to an output. */
    Tensor addBias(Tensor z, Tensor b);
}
