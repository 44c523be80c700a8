package io.github.lxt4j.models.llama;

import io.github.lxt4j.tensor.Tensor;

/**
 * What every layer of a RoPE decoder shares in one pass.
 *
 * @param mask BOOL [B, 1, T, T], true where a query may attend a key
 * @param cos RoPE cos table [B, 1, T, rotaryDim]
 * @param sin RoPE sin table [B, 1, T, rotaryDim]
 */
public record RopeContext(Tensor mask, Tensor cos, Tensor sin) {}
