package io.github.lxt4j.explain;

/**
 * Options of the batch interface. {@code target}: for LMs one token id per row (null = argmax); for CLIP the pair
 * (image row, text row) of the similarity. {@code layers}: also write latent relevance per layer.
 */
public record BatchOptions(long[] target, boolean layers, double convGamma, double linearGamma) {

    public static BatchOptions defaults() {
        return new BatchOptions(null, false, 0.25, 0.05);
    }

    public BatchOptions withTarget(long[] t) {
        return new BatchOptions(t, layers, convGamma, linearGamma);
    }

    public BatchOptions withLayers(boolean on) {
        return new BatchOptions(target, on, convGamma, linearGamma);
    }

    public BatchOptions withGammas(double conv, double linear) {
        return new BatchOptions(target, layers, conv, linear);
    }
}
