package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Var;

/** The attention block of a pre-norm RoPE decoder layer: hidden [B, T, H] in and out. */
@FunctionalInterface
public interface SelfAttention {
    Var forward(Var x, RopeContext context);
}
