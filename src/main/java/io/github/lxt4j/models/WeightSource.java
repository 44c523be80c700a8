package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Arrays;

/**
 * Reads a model's weights from a checkpoint into the compute dtype, into a scope owned by the model. Every weight
 * is checked against the shape the config implies and for NaN/Inf.
 */
public final class WeightSource {

    private final Checkpoint checkpoint;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope scope;

    public WeightSource(Checkpoint checkpoint, Backend backend, DType dtype, TensorScope scope) {
        backend.requireSupported(dtype);
        this.checkpoint = checkpoint;
        this.backend = backend;
        this.dtype = dtype;
        this.scope = scope;
    }

    public Backend backend() {
        return backend;
    }

    public DType dtype() {
        return dtype;
    }

    public TensorScope scope() {
        return scope;
    }

    public boolean has(String key) {
        return checkpoint.contains(key);
    }

    /** The weight {@code key}, which must have exactly {@code shape}. */
    public Tensor get(String key, long... shape) {
        TensorData data = checkpoint.read(key);
        if (!Arrays.equals(data.shape(), shape)) {
            throw new WeightShapeException(key, checkpoint.source(), shape, data.shape());
        }
        return scope.within(() -> {
            Tensor t;
            try (TensorScope tmp = TensorScope.open()) {
                Tensor loaded = backend.fromBytes(data.littleEndianBytes(), data.dtype(), dtype, shape);
                if (loaded.isFinite().logicalNot().any()) {
                    throw new NonFiniteWeightException(key, checkpoint.source());
                }
                t = tmp.keep(loaded);
            }
            return t;
        });
    }

    /** The weight if present, else null. */
    public Tensor optional(String key, long... shape) {
        return has(key) ? get(key, shape) : null;
    }
}
