package io.github.lxt4j.rules;

/** The kinds of differentiable ops a composite can address. */
public enum OpKind {
    LINEAR,
    CONV2D,
    MATMUL,
    ADD,
    SUB,
    MUL,
    DIV,
    /** Multiplication by a constant (scales, masks, RoPE's cos/sin, a norm's weight). */
    SCALE,
    SOFTMAX,
    LAYER_NORM,
    RMS_NORM,
    MEAN,
    SUM,
    NORMALIZE,
    EMBEDDING,
    ROPE,
    ACTIVATION,
    /** Reshape, permute, concat, slice, gather, repeat, top-k: relevance is routed, never changed. */
    STRUCTURAL
}
