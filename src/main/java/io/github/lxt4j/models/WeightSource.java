package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;

/**
 * Supplies a model's weights in the compute dtype, into a scope owned by the model. Every weight is checked against
 * the shape the config implies and for NaN/Inf.
 */
public final class WeightSource {

    private final WeightSupplier supplier;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope scope;

    public WeightSource(WeightSupplier supplier, Backend backend, DType dtype, TensorScope scope) {
        backend.requireSupported(dtype);
        this.supplier = supplier;
        this.backend = backend;
        this.dtype = dtype;
        this.scope = scope;
    }

    public WeightSource(Checkpoint checkpoint, Backend backend, DType dtype, TensorScope scope) {
        this(new CheckpointWeights(checkpoint), backend, dtype, scope);
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

    public String source() {
        return supplier.source();
    }

    public boolean has(String key) {
        return supplier.contains(key);
    }

    /** The weight {@code key}, which must have exactly {@code shape}. */
    public Tensor get(String key, long... shape) {
        return scope.within(() -> {
            try (TensorScope tmp = TensorScope.open()) {
                Tensor loaded = supplier.load(key, shape, backend, dtype);
                if (loaded.isFinite().logicalNot().any()) {
                    throw new NonFiniteWeightException(key, supplier.source());
                }
                return tmp.keep(loaded);
            }
        });
    }

    /** The dense layer at {@code path}: {@code PATH.weight} [out, in] and, if {@code bias}, {@code PATH.bias} [out]. */
    public Linear linear(String path, long out, long in, boolean bias) {
        return new Linear(path, get(path + ".weight", out, in), bias ? get(path + ".bias", out) : null);
    }

    /** The weight if present, else null. */
    public Tensor optional(String key, long... shape) {
        return has(key) ? get(key, shape) : null;
    }
}
