package io.github.lxt4j.models;

import io.github.lxt4j.autograd.Var;
import java.util.List;

/**
 * Options of one forward pass of an encoder ({@link TextClassifier}, {@link ImageClassifier}).
 *
 * @param checkpointLayers recompute each encoder layer's forward in the relevance pass (lower peak memory)
 * @param layerInputs when non-null, receives each encoder layer's input Var (its relevance is retained)
 */
public record EncoderOptions(boolean checkpointLayers, List<Var> layerInputs) {

    public static EncoderOptions defaults() {
        return new EncoderOptions(false, null);
    }

    public EncoderOptions withCheckpointing(boolean on) {
        return new EncoderOptions(on, layerInputs);
    }

    /** Collects each encoder layer's input Var (its relevance is retained: latent relevance). */
    public EncoderOptions collectLayerInputs(List<Var> sink) {
        return new EncoderOptions(checkpointLayers, sink);
    }
}
