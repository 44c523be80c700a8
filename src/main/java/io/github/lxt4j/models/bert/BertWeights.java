package io.github.lxt4j.models.bert;

import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;

/**
 * Reads a BERT-like checkpoint: linears through {@link WeightSource#linear} (so every {@code --weights} form works),
 * LayerNorms under HF's names {@code weight}/{@code bias} or the TF-converted {@code gamma}/{@code beta} of older
 * checkpoints, and the base model under its prefix ({@code bert.}, {@code roberta.}, {@code distilbert.}) or none
 * (a bare {@code BertModel} checkpoint).
 */
final class BertWeights {

    private final WeightSource w;
    private final BertConfig config;
    private final String base;

    BertWeights(WeightSource w, BertConfig config) {
        this.w = w;
        this.config = config;
        String prefix = config.variant().prefix();
        this.base = w.has(prefix + ".embeddings.word_embeddings.weight") || !w.has("embeddings.word_embeddings.weight")
                ? prefix
                : "";
    }

    WeightSource source() {
        return w;
    }

    BertConfig config() {
        return config;
    }

    /** {@code base.path}: where the base model's part {@code path} lives ({@code bert.embeddings}, ...). */
    String base(String path) {
        return Module.join(base, path);
    }

    /** A linear with a bias, {@code [out, in]}. */
    Linear linear(String path, long out, long in) {
        return w.linear(path, out, in, true);
    }

    /**
     * The output layer of a classification head, {@code [labels, in]} with a bias: kept dense as {@code lm_head} is
     * (a few rows, often not a multiple of a quantization block).
     */
    Linear head(String path, long labels, long in) {
        return new Linear(path, w.table(path + ".weight", labels, in), w.get(path + ".bias", labels));
    }

    /** A LayerNorm over the hidden size at {@code path}. */
    LayerNorm layerNorm(String path, double eps) {
        long h = config.hiddenSize();
        boolean tf = !w.has(path + ".weight") && w.has(path + ".gamma");
        return new LayerNorm(
                path, w.get(path + (tf ? ".gamma" : ".weight"), h), w.get(path + (tf ? ".beta" : ".bias"), h), eps);
    }
}
