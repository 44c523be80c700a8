package io.github.lxt4j.explain;

import java.util.Arrays;
import java.util.List;

/**
 * One explained image classification: the relevance of each pixel of the preprocessed image, its map summed over
 * channels, the explained target and the row's logits and label distribution.
 *
 * @param row the image's row in the batch
 * @param pixelRelevance [C][H][W]
 * @param map [H][W], summed over channels
 * @param layerRelevance [layer][1 + patches] per-token latent relevance (class token first), or null
 * @param targetIds the explained class (two for a contrast: a, then b)
 * @param targetValue the explained value (logit, probability or logit difference)
 * @param logits the image's class logits
 * @param probabilities the label distribution of those logits
 * @param labels the class names by index
 * @param method how it was computed
 */
public record ImageClassifierExplanation(
        int row,
        double[][][] pixelRelevance,
        double[][] map,
        double[][] layerRelevance,
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

    /** The class indices by falling probability, at most {@code k}. */
    public int[] top(int k) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probabilities[b], probabilities[a]));
        int n = Math.min(k, order.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The map as float rows, for the image heatmaps. */
    public float[][] floatMap() {
        float[][] out = new float[map.length][];
        for (int y = 0; y < map.length; y++) {
            out[y] = new float[map[y].length];
            for (int x = 0; x < map[y].length; x++) {
                out[y][x] = (float) map[y][x];
            }
        }
        return out;
    }

    /** Σ pixel relevance. */
    public double totalRelevance() {
        double s = 0;
        for (double[] r : map) {
            for (double v : r) {
                s += v;
            }
        }
        return s;
    }
}
