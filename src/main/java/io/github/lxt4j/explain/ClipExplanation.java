package io.github.lxt4j.explain;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.DType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relevance of one CLIP similarity, {@code similarity[imageRow, textRow]}, at the pixels and at the text token
 * embeddings. For LRP methods the relevance pass is seeded with the similarity's value, so the relevances sum to
 * about that value minus what constants (biases, positional embeddings, the class token) absorbed; for
 * gradient × input it is seeded with 1. Arrays are flat, row-major, in the shapes given.
 *
 * @param similarity [N, M] cosine similarities (no logit scale)
 * @param imageRelevance [N, 3, H, W]; only row {@code imageRow} is non-zero
 * @param textRelevance [M, L, W]; only row {@code textRow} is non-zero
 */
public record ClipExplanation(
        Method method,
        int imageRow,
        int textRow,
        double[] similarity,
        long[] similarityShape,
        double[] imageRelevance,
        long[] imageShape,
        double[] textRelevance,
        long[] textShape) {

    /** similarity[imageRow, textRow]. */
    public double target() {
        return similarity(imageRow, textRow);
    }

    public double similarity(int image, int text) {
        return similarity[(int) (image * similarityShape[1] + text)];
    }

    /** The pixel relevance of image {@code n} summed over channels: [H][W]. */
    public double[][] imageMap(int n) {
        int c = (int) imageShape[1];
        int h = (int) imageShape[2];
        int w = (int) imageShape[3];
        double[][] out = new double[h][w];
        int base = n * c * h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y][x] += imageRelevance[base + (ch * h + y) * w + x];
                }
            }
        }
        return out;
    }

    /** The relevance of each token of text row {@code m}, summed over the embedding width: [L]. */
    public double[] tokenRelevance(int m) {
        int len = (int) textShape[1];
        int width = (int) textShape[2];
        double[] out = new double[len];
        for (int t = 0; t < len; t++) {
            double s = 0;
            int base = (m * len + t) * width;
            for (int d = 0; d < width; d++) {
                s += textRelevance[base + d];
            }
            out[t] = s;
        }
        return out;
    }

    /** Σ of the image relevance. */
    public double imageRelevanceSum() {
        return Arrays.stream(imageRelevance).sum();
    }

    /** Σ of the text relevance. */
    public double textRelevanceSum() {
        return Arrays.stream(textRelevance).sum();
    }

    /**
     * The batch-interface outputs under the fixtures' keys: {@code PREFIX.image}, {@code PREFIX.image.map},
     * {@code PREFIX.text.embeddings}, {@code PREFIX.text.tokens} (PREFIX = the method's key prefix) and
     * {@code similarity}, in {@code dtype} (FLOAT32 or FLOAT64).
     */
    public Map<String, TensorData> toTensors(DType dtype) {
        String p = method.keyPrefix();
        int n = (int) imageShape[0];
        int h = (int) imageShape[2];
        int w = (int) imageShape[3];
        double[] maps = new double[n * h * w];
        for (int i = 0; i < n; i++) {
            double[][] m = imageMap(i);
            for (int y = 0; y < h; y++) {
                System.arraycopy(m[y], 0, maps, (i * h + y) * w, w);
            }
        }
        int rows = (int) textShape[0];
        int len = (int) textShape[1];
        double[] tokens = new double[rows * len];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tokenRelevance(r), 0, tokens, r * len, len);
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        out.put(p + ".image", data(imageRelevance, dtype, imageShape));
        out.put(p + ".image.map", data(maps, dtype, n, h, w));
        out.put(p + ".text.embeddings", data(textRelevance, dtype, textShape));
        out.put(p + ".text.tokens", data(tokens, dtype, rows, len));
        out.put("similarity", data(similarity, dtype, similarityShape));
        return out;
    }

    private static TensorData data(double[] values, DType dtype, long... shape) {
        return TensorData.ofDoubles(values, dtype == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32, shape);
    }
}
