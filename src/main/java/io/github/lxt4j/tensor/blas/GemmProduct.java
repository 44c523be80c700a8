package io.github.lxt4j.tensor.blas;

/**
 * The two products of a dense layer, which a library may compute at different speeds (OpenBLAS's kernels differ
 * between the two layouts): the forward {@code x·Wᵀ} and the relevance pass's {@code g·W}.
 */
public enum GemmProduct {
    /** {@code x·Wᵀ}, W [out, in]: the forward. */
    X_WT("x·Wᵀ", "x_wt"),
    /** {@code g·W}: the relevance pass. */
    G_W("g·W", "g_w");

    private final String symbol;
    private final String key;

    GemmProduct(String symbol, String key) {
        this.symbol = symbol;
        this.key = key;
    }

    /** {@code x·Wᵀ} or {@code g·W}. */
    public String symbol() {
        return symbol;
    }

    /** {@code x_wt} or {@code g_w}: the name in cache files and JSON. */
    public String key() {
        return key;
    }
}
