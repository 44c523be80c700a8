package io.github.lxt4j.explain;

import java.util.List;

/**
 * One explained classification of a text (a sequence, or one position of a token classifier): the tokens, the
 * relevance of each token's word embedding (summed over hidden) and of each dimension, the shares absorbed by the
 * position and token-type embeddings, the explained target and the row's logits and label distribution.
 *
 * @param tokens display strings, one per real token (pads cut off)
 * @param ids token ids
 * @param relevance [T] word-embedding relevance per token
 * @param embeddingRelevance [T][hidden]
 * @param positionRelevance [T] relevance absorbed by the position embeddings (summed over hidden)
 * @param tokenTypeRelevance [T] relevance absorbed by the token-type embeddings, or null for a model without them
 * @param layerRelevance [layer][T] per-token latent relevance, or null when not requested
 * @param row the input row
 * @param position the explained position (token classification), or −1 (sequence classification)
 * @param targetIds the explained class (two for a contrast: a, then b)
 * @param targetValue the explained value (logit, probability or logit difference)
 * @param logits the row's (or position's) class logits
 * @param probabilities the label distribution of those logits (softmax; a sigmoid per class for multi-label heads)
 * @param labels the class names by index
 * @param method how it was computed
 */
public record ClassifierExplanation(
        String[] tokens,
        long[] ids,
        double[] relevance,
        double[][] embeddingRelevance,
        double[] positionRelevance,
        double[] tokenTypeRelevance,
        double[][] layerRelevance,
        int row,
        int position,
        long[] targetIds,
        double targetValue,
        double[] logits,
        double[] probabilities,
        List<String> labels,
        Method method) {

    /** The index of the largest logit. */
    public int predicted() {
        return Argmax.of(logits);
    }

    /** The name of the predicted class. */
    public String predictedLabel() {
        return labels.get(predicted());
    }

    /** The names of the explained classes ({@code a}, or {@code a} and {@code b} for a contrast). */
    public String[] targetLabels() {
        String[] out = new String[targetIds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels.get((int) targetIds[i]);
        }
        return out;
    }

    /** Σ word-embedding relevance. */
    public double totalRelevance() {
        double s = 0;
        for (double r : relevance) {
            s += r;
        }
        return s;
    }

    /** The position with the highest relevance. */
    public int mostRelevant() {
        return Argmax.of(relevance);
    }
}
