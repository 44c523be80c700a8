package io.github.lxt4j.models;

/**
 * Analytical FLOPs (multiply-adds × 2) of a forward pass and of the relevance pass after it. The relevance pass
 * needs no weight gradients: one product per linear layer or convolution (relevance to the input only) and, under
 * AttnLRP, two per attention matmul (both operands). Element-wise work (norms, activations, the rules' quotients)
 * is not counted.
 *
 * @param forward FLOPs of the forward pass
 * @param relevance FLOPs of the relevance pass
 */
public record FlopCount(double forward, double relevance) {}
