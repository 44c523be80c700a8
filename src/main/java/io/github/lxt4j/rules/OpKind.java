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
    STRUCTURAL,
    /**
     * An op written outside lxt4j. Its site may carry a kind name of its own ({@link Site#custom}), which a composite
     * addresses with {@link Composite.Builder#kind(String, Rule)}; this kind addresses every custom op.
     */
    CUSTOM
}
