package io.github.lxt4j.models;

import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;

/**
 * Typed dispatch over the capabilities of {@link PretrainedModel}, without {@code instanceof}: {@code model.accept(v)} calls
 * the one method for the model's kind. Adding a kind adds a method here, so every visitor must handle it.
 *
 * @param <R> what the visit returns
 */
public interface ModelVisitor<R> {

    /** Decoder-only causal LMs: every family with the {@link CausalLm} capability. */
    R visitCausalLm(CausalLm model);

    /** Encoder-decoder LMs: T5, FLAN-T5, mT5. */
    R visitSeq2Seq(T5ForConditionalGeneration model);

    /** CLIP, from an OpenCLIP or an HF CLIPModel folder. */
    R visitClip(ClipModel model);
}
