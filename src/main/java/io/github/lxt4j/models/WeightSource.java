package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.UnquantizableWeightException;
import io.github.lxt4j.tensor.storage.WeightFormat;

/**
 * Supplies a model's weights, into a scope owned by the model. Every weight is checked against the shape the config
 * implies and for NaN/Inf. Norm weights, biases and other vectors ({@link #get}) are dense in the compute dtype; the
 * block linears' weights ({@link #linear}) are kept in the load's {@link WeightFormat}; embedding tables and
 * {@code lm_head} ({@link #table}) keep a bf16/f16 checkpoint's dtype when the format is not f32. A linear weight
 * that the checkpoint already stores quantized (bitsandbytes) keeps that form, whatever the format.
 */
public final class WeightSource {

    private final WeightSupplier supplier;
    private final Backend backend;
    private final DType dtype;
    private final TensorScope scope;
    private final WeightFormat format;
    private final boolean doubleQuant;

    public WeightSource(WeightSupplier supplier, Backend backend, DType dtype, TensorScope scope) {
        this(supplier, backend, dtype, WeightFormat.F32, scope);
    }

    public WeightSource(WeightSupplier supplier, Backend backend, DType dtype, WeightFormat format, TensorScope scope) {
        this(supplier, backend, dtype, format, false, scope);
    }

    /** {@code doubleQuant}: nf4/fp4 weights quantized at load get double-quantized block scales (bitsandbytes'). */
    public WeightSource(
            WeightSupplier supplier,
            Backend backend,
            DType dtype,
            WeightFormat format,
            boolean doubleQuant,
            TensorScope scope) {
        backend.requireSupported(dtype);
        this.supplier = supplier;
        this.backend = backend;
        this.dtype = dtype;
        this.format = format;
        this.doubleQuant = doubleQuant;
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

    /** The storage form of the block linears' weights. */
    public WeightFormat format() {
        return format;
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

    /**
     * The linear layer at {@code path} inside a block: {@code PATH.weight} [out, in] in the load's storage form and,
     * if {@code bias}, {@code PATH.bias} [out] dense.
     */
    public Linear linear(String path, long out, long in, boolean bias) {
        String key = path + ".weight";
        StoredWeight w = format == WeightFormat.F32 && !supplier.isPrequantized(key)
                ? new DenseWeight(key, get(key, out, in))
                : stored(key, format, out, in);
        if (doubleQuant && w instanceof Block4Weight b && !supplier.isPrequantized(key)) {
            w = b.withDoubleQuant();
        }
        return new Linear(path, w, bias ? get(path + ".bias", out) : null);
    }

    /**
     * An embedding table or {@code lm_head} weight [rows, cols]: never quantized. With the f32 format (or a
     * checkpoint that is not bf16/f16) dense in the compute dtype, else kept in the checkpoint's 16-bit dtype.
     */
    public StoredWeight table(String key, long rows, long cols) {
        if (format != WeightFormat.F32) {
            DType stored = supplier.storedDType(key);
            if (stored == DType.BFLOAT16 || stored == DType.FLOAT16) {
                return stored(key, stored == DType.BFLOAT16 ? WeightFormat.BF16 : WeightFormat.F16, rows, cols);
            }
        }
        return new DenseWeight(key, get(key, rows, cols));
    }

    private StoredWeight stored(String key, WeightFormat f, long... shape) {
        try {
            return scope.within(() -> {
                try (TensorScope tmp = TensorScope.open()) {
                    return supplier.loadStored(key, shape, f, backend);
                }
            });
        } catch (UnquantizableWeightException e) {
            throw new UnquantizableWeightException(supplier.source() + ": cannot load weight " + e.getMessage());
        }
    }

    /** The weight if present, else null. */
    public Tensor optional(String key, long... shape) {
        return has(key) ? get(key, shape) : null;
    }
}
