package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/** Weights read from a safetensors checkpoint (single file or shards), converted to the compute dtype. */
public final class CheckpointWeights implements WeightSupplier {

    private final Checkpoint checkpoint;

    public CheckpointWeights(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public boolean contains(String key) {
        return checkpoint.contains(key);
    }

    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        TensorData data = checkpoint.read(key);
        if (!Arrays.equals(data.shape(), shape)) {
            throw new WeightShapeException(key, checkpoint.source(), shape, data.shape());
        }
        return backend.fromBytes(data.littleEndianBytes(), data.dtype(), dtype, shape);
    }

    @Override
    public String source() {
        return checkpoint.source();
    }
}
