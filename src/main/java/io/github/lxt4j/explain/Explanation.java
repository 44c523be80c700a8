package io.github.lxt4j.explain;

import java.util.Arrays;

/**
 * One explained sequence: its tokens, the relevance of each token (summed over the embedding) and of each embedding
 * dimension, the explained target, and optionally the latent relevance at each decoder layer's input.
 *
 * @param tokens display strings, one per position (ids as text when there is no tokenizer)
 * @param ids token ids
 * @param relevance [T]
 * @param embeddingRelevance [T][hidden]
 * @param targetIds the explained token(s)
 * @param targetValue the explained value (logit, probability or logit difference); summed for spans
 * @param layerRelevance [layer][T] per-token latent relevance, or null when not requested
 * @param method how it was computed
 */
public record Explanation(
        String[] tokens,
        long[] ids,
        double[] relevance,
        double[][] embeddingRelevance,
        long[] targetIds,
        double targetValue,
        double[][] layerRelevance,
        Method method) {

    /** The position with the highest relevance among {@code from..end}. */
    public int argmax(int from) {
        int best = from;
        for (int i = from; i < relevance.length; i++) {
            if (relevance[i] > relevance[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The same explanation without its first {@code n} positions (left padding). */
    public Explanation withoutLeading(int n) {
        if (n == 0) {
            return this;
        }
        double[][] layers = null;
        if (layerRelevance != null) {
            layers = new double[layerRelevance.length][];
            for (int i = 0; i < layers.length; i++) {
                layers[i] = Arrays.copyOfRange(layerRelevance[i], n, layerRelevance[i].length);
            }
        }
        return new Explanation(
                Arrays.copyOfRange(tokens, n, tokens.length),
                Arrays.copyOfRange(ids, n, ids.length),
                Arrays.copyOfRange(relevance, n, relevance.length),
                Arrays.copyOfRange(embeddingRelevance, n, embeddingRelevance.length),
                targetIds,
                targetValue,
                layers,
                method);
    }

    public double totalRelevance() {
        double s = 0;
        for (double r : relevance) {
            s += r;
        }
        return s;
    }
}
