package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import java.util.List;

/**
 * Options of one forward pass of a {@link Seq2SeqLm}.
 *
 * @param lastPositionOnly logits of the last decoder position only ([B, 1, vocab])
 * @param encoderLayerInputs when non-null, receives each encoder block's input Var (relevance retained)
 * @param decoderLayerInputs when non-null, receives each decoder block's input Var (relevance retained)
 */
public record Seq2SeqOptions(boolean lastPositionOnly, List<Var> encoderLayerInputs, List<Var> decoderLayerInputs) {

    public static Seq2SeqOptions defaults() {
        return new Seq2SeqOptions(false, null, null);
    }

    /** Logits of the last decoder position only: [B, 1, vocab]. */
    public Seq2SeqOptions lastOnly() {
        return new Seq2SeqOptions(true, encoderLayerInputs, decoderLayerInputs);
    }

    /** Collects each encoder and decoder block's input Var (relevance retained: latent relevance). */
    public Seq2SeqOptions collectLayerInputs(List<Var> encoderSink, List<Var> decoderSink) {
        return new Seq2SeqOptions(lastPositionOnly, encoderSink, decoderSink);
    }
}
