package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.ops.Activation;

/**
 * The causal text tower. The pooled token of each row is chosen by {@link #pooling()}: the position of the largest
 * id (OpenCLIP's {@code argmax}, HF's legacy {@code eos_token_id == 2}), the first position of {@link #eosTokenId()}
 * (HF), or the first or last position.
 */
public record ClipTextConfig(
        int contextLength,
        long vocabSize,
        long width,
        int heads,
        int layers,
        long mlpWidth,
        double layerNormEps,
        Activation activation,
        boolean causal,
        Pooling pooling,
        long eosTokenId) {

    /** How the text features are pooled from the token sequence. */
    public enum Pooling {
        /** Position of the largest id in the row (the end-of-text token in CLIP's vocabulary). */
        ARGMAX,
        /** First position holding {@code eosTokenId}; position 0 if there is none (as HF). */
        EOS_ID,
        FIRST,
        LAST
    }

    public long headDim() {
        return width / heads;
    }
}
