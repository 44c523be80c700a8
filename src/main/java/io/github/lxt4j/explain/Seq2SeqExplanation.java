package io.github.lxt4j.explain;

/**
 * One explained encoder-decoder prediction: relevance at the encoder input embeddings (the source) and at the
 * decoder input embeddings (the prefix the decoder read), per token and per dimension.
 *
 * @param sourceTokens display strings of the source (ids as text without a tokenizer)
 * @param sourceIds encoder input ids
 * @param decoderTokens display strings of the decoder input
 * @param decoderIds decoder input ids (starting with {@code decoder_start_token_id})
 * @param sourceRelevance [S]
 * @param sourceEmbeddingRelevance [S][d_model]
 * @param decoderRelevance [T]
 * @param decoderEmbeddingRelevance [T][d_model]
 * @param targetIds the explained token(s)
 * @param targetValue the explained value (a logit, a probability, a logit difference, or a sum of logits)
 * @param method how it was computed
 */
public record Seq2SeqExplanation(
        String[] sourceTokens,
        long[] sourceIds,
        String[] decoderTokens,
        long[] decoderIds,
        double[] sourceRelevance,
        double[][] sourceEmbeddingRelevance,
        double[] decoderRelevance,
        double[][] decoderEmbeddingRelevance,
        long[] targetIds,
        double targetValue,
        Method method) {

    /** Σ relevance over source and decoder tokens (about the target value for conserving methods). */
    public double totalRelevance() {
        double s = 0;
        for (double r : sourceRelevance) {
            s += r;
        }
        for (double r : decoderRelevance) {
            s += r;
        }
        return s;
    }

    /** The source position with the highest relevance. */
    public int mostRelevantSourcePosition() {
        return Argmax.of(sourceRelevance);
    }
}
