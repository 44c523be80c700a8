package io.github.lxt4j.bench;

import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.openclip.ClipConfig;
import io.github.lxt4j.models.openclip.ClipTextConfig;
import io.github.lxt4j.models.openclip.ClipVisionConfig;
import io.github.lxt4j.models.t5.T5Config;

/**
 * Analytical FLOP counts (multiply-adds × 2) of a forward pass and of the relevance pass that {@code bench} runs
 * after it. The relevance pass needs no weight gradients: one product per linear layer or convolution (relevance to
 * the input only), and under AttnLRP two per attention matmul (both operands). Under CP-LRP (CLIP) the softmax
 * stops relevance, so q·kᵀ needs none and attention·v two, as many as both matmuls of the forward. Element-wise
 * work (norms, activations, the rules' quotients) is not counted.
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

    /** A decoder LM, logits of the last position only. */
    public static double forward(LlamaConfig c, int batch, int seq, int activeExperts) {
        double head = 2.0 * c.hiddenSize() * c.vocabSize();
        return batch * (seq * linearPerToken(c, activeExperts) + attentionPerSequence(c, seq) + head);
    }

    public static double relevance(LlamaConfig c, int batch, int seq, int activeExperts) {
        double head = 2.0 * c.hiddenSize() * c.vocabSize();
        return batch * (seq * linearPerToken(c, activeExperts) + 2 * attentionPerSequence(c, seq) + head);
    }

    /**
     * Multiply-adds of one T5 row: {@code [linear, attention]}. Encoder layers: q, k, v, o and the feed-forward per
     * source token; decoder layers: self-attention q, k, v, o, cross-attention q, o and the feed-forward per prefix
     * token, cross-attention k, v per source token; the head at the last prefix position.
     */
    private static double[] t5MultiplyAdds(T5Config c, int source, int prefix) {
        double d = c.dModel();
        double inner = c.innerDim();
        double ff = (c.gated() ? 3 : 2) * d * c.dFf();
        double s = source;
        double t = prefix;
        double linear = c.numLayers() * s * (4 * d * inner + ff)
                + c.numDecoderLayers() * (t * (6 * d * inner + ff) + s * 2 * d * inner)
                + d * c.vocabSize();
        double attention = c.numLayers() * 2 * s * s * inner + c.numDecoderLayers() * 2 * (t * t + t * s) * inner;
        return new double[] {linear, attention};
    }

    /** T5 on {@code source} tokens with a decoder prefix of {@code prefix} tokens, logits of its last position. */
    public static double forward(T5Config c, int batch, int source, int prefix) {
        double[] m = t5MultiplyAdds(c, source, prefix);
        return 2.0 * batch * (m[0] + m[1]);
    }

    /** The AttnLRP relevance pass of {@link #forward(T5Config, int, int, int)}. */
    public static double relevance(T5Config c, int batch, int source, int prefix) {
        double[] m = t5MultiplyAdds(c, source, prefix);
        return 2.0 * batch * (m[0] + 2 * m[1]);
    }

    /** Multiply-adds of one image: patch conv, blocks, the projection of the class token. */
    private static double imageMultiplyAdds(ClipVisionConfig v, long embedDim) {
        double w = v.width();
        double patches = (double) v.grid() * v.grid();
        double tokens = v.tokens();
        return patches * 3 * v.patchSize() * v.patchSize() * w
                + v.layers() * (tokens * (4 * w * w + 2 * w * v.mlpWidth()) + 2 * tokens * tokens * w)
                + w * embedDim;
    }

    /** Multiply-adds of one text of the full context length: blocks, the projection of the pooled token. */
    private static double textMultiplyAdds(ClipTextConfig t, long embedDim) {
        double w = t.width();
        double len = t.contextLength();
        return t.layers() * (len * (4 * w * w + 2 * w * t.mlpWidth()) + 2 * len * len * w) + w * embedDim;
    }

    /** CLIP: both towers and the {@code images × texts} similarity. */
    public static double forward(ClipConfig c, int images, int texts) {
        return 2.0 * (images * imageMultiplyAdds(c.vision(), c.embedDim())
                + texts * textMultiplyAdds(c.text(), c.embedDim()) + (double) images * texts * c.embedDim());
    }

    /** The CP-LRP relevance pass of {@link #forward(ClipConfig, int, int)}: the similarity's two operands. */
    public static double relevance(ClipConfig c, int images, int texts) {
        return 2.0 * (images * imageMultiplyAdds(c.vision(), c.embedDim())
                + texts * textMultiplyAdds(c.text(), c.embedDim()) + 2.0 * images * texts * c.embedDim());
    }
}
