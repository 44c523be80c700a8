package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Tensor;
import java.util.List;

/**
 * The seq2seq-LM capability: an encoder-decoder that embeds source and decoder-prefix ids from one table, encodes the
 * source and returns the decoder's next-token logits (T5, FLAN-T5, mT5). Both embeddings are relevance leaves.
 */
public interface Seq2SeqLm extends PretrainedModel {

    /** Embeddings of INT64 ids [B, T], as a constant Var; ids are checked against the table. */
    Var embed(Tensor ids);

    /**
     * The encoder output [B, S, d_model].
     *
     * @param attentionMask [B][S] of 0/1 (0 = padding, never attended to), or null
     * @param layerInputs when non-null, receives each encoder block's input Var
     */
    Var encode(Var embeds, long[][] attentionMask, List<Var> layerInputs);

    /** Decoder logits [B, T, vocab] ([B, 1, vocab] with {@link Seq2SeqOptions#lastOnly()}). */
    Var decode(Var decoderEmbeds, Var encoderOutput, long[][] encoderMask, Seq2SeqOptions options);

    /** Encoder and decoder in one pass: logits [B, T, vocab]. */
    Var forward(Var encoderEmbeds, Var decoderEmbeds, long[][] encoderMask, Seq2SeqOptions options);

    long vocabSize();

    /** The id a decoder prefix starts with ({@code decoder_start_token_id}). */
    long decoderStartTokenId();

    /** The id that ends generation ({@code eos_token_id}). */
    long eosTokenId();

    /** The longest source the model takes, in tokens (a documented limit where positions are relative). */
    long maxSourceLength();

    int encoderLayers();

    int decoderLayers();

    /** FLOPs of {@code batch} rows of {@code source} tokens and a decoder prefix of {@code prefix} tokens. */
    FlopCount flops(int batch, int source, int prefix);
}
