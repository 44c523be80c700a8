package io.github.lxt4j.tensor;

/** The k largest values along an axis, sorted descending, and their INT64 indices. */
public record TopK(Tensor values, Tensor indices) {}
