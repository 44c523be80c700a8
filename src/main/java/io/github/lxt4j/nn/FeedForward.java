package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;

/** The feed-forward part of a decoder layer: a gated MLP, or a mixture of experts. */
public interface FeedForward {
    Var forward(Var x);
}
