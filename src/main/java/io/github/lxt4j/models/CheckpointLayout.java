package io.github.lxt4j.models;

import io.github.lxt4j.tensor.storage.StoredWeight;

/**
 * How a family reads a checkpoint whose layout differs from its modules' weight requests: buffers that are not
 * weights, left out when the file is opened, and an adapter between the keys and shapes the modules ask for and
 * those the checkpoint stores (a missing prefix, Conv1D weights stored [in, out]). The adapter must pass every
 * request on to the checkpoint's supplier, so that the check for unused tensors still sees what was read.
 */
public interface CheckpointLayout {

    /** The layout of a checkpoint that stores exactly what the modules ask for. */
    CheckpointLayout AS_STORED = new CheckpointLayout() {
        @Override
        public boolean skips(String key) {
            return false;
        }

        @Override
        public WeightSupplier adapt(WeightSupplier checkpoint) {
            return checkpoint;
        }
    };

    /** Whether {@code key} is a buffer that is not a weight: it is skipped whatever its dtype, never read. */
    boolean skips(String key);

    /** The weights as the family's modules ask for them, read from {@code checkpoint}. */
    WeightSupplier adapt(WeightSupplier checkpoint);

    /**
     * The values of the checkpoint tensor {@code key} (row-major, in the checkpoint's shape) that the model holds as
     * {@code weight}, named by that key: the inverse of {@link #adapt}'s reshaping, for {@code quantize --dequantize}.
     * The default: the weight's dequantized values as they are.
     */
    default float[] checkpointValues(String key, StoredWeight weight) {
        return weight.dequantize();
    }
}
