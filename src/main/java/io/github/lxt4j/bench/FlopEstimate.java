package io.github.lxt4j.bench;

import io.github.lxt4j.models.llama.LlamaConfig;

/**
 * Analytical FLOP counts of a decoder forward pass and of its AttnLRP relevance pass (multiply-adds × 2).
 * The relevance pass needs one product per linear layer (relevance to the input only, no weight gradients) and
 * two per attention matmul (both operands), plus element-wise work that is not counted.
 */
public final class FlopEstimate {
    private FlopEstimate() {
    }

    static double linearPerToken(LlamaConfig c, int activeExperts) {
        double h = c.hiddenSize();
        double q = (double) c.numHeads() * c.headDim();
        double kv = (double) c.numKvHeads() * c.headDim();
        double attn = h * q + 2 * h * kv + q * h;
        double mlp = 3 * h * c.intermediateSize() * activeExperts;
        return 2 * c.numLayers() * (attn + mlp);
    }

    static double attentionPerSequence(LlamaConfig c, int seq) {
        return 2.0 * 2 * c.numLayers() * c.numHeads() * (double) seq * seq * c.headDim();
    }

    public static double forward(LlamaConfig c, int batch, int seq, int activeExperts) {
        double head = 2.0 * c.hiddenSize() * c.vocabSize();
        return batch * (seq * linearPerToken(c, activeExperts) + attentionPerSequence(c, seq) + head);
    }

    public static double relevance(LlamaConfig c, int batch, int seq, int activeExperts) {
        double head = 2.0 * c.hiddenSize() * c.vocabSize();
        return batch * (seq * linearPerToken(c, activeExperts) + 2 * attentionPerSequence(c, seq) + head);
    }
}
