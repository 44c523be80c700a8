package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;

/**
 * A loaded model of any family, as {@link AutoModel} returns it. Upper layers reach the concrete class through
 * {@link #accept(ModelVisitor)}. Holds native memory until {@link #close()}.
 */
public interface PretrainedModel extends AutoCloseable {

    /** The name of the {@link ModelFamily} this model belongs to, such as {@code llama} or {@code t5}. */
    String family();

    Backend backend();

    /** The compute dtype of the weights. */
    DType dtype();

    /** Where the config came from (a file path, or a preset's name for models built from generated weights). */
    String configSource();

    /**
     * How this model's checkpoint is laid out relative to its weight requests; {@code quantize --dequantize} opens
     * and writes the checkpoint through it. The default: exactly as the modules ask.
     */
    default CheckpointLayout checkpointLayout() {
        return CheckpointLayout.AS_STORED;
    }

    /** Calls the {@code visitor}'s method for this model's kind and returns its result. */
    <R> R accept(ModelVisitor<R> visitor);

    /** Frees the weights. */
    @Override
    void close();
}
