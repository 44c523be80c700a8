package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Objects;

/**
 * How a checkpoint is loaded: the backend, the compute dtype and the form in which the weights are stored
 * ({@link WeightFormat}, docs/quantization.md). Immutable; start from {@link #defaults()} and
 * change one setting at a time with the {@code with...} methods, so that settings added later (such as the form in
 * which weights are stored) do not break callers.
 */
public final class LoadOptions {
    private static final LoadOptions DEFAULTS = new LoadOptions(null, DType.FLOAT32, WeightFormat.F32, false);

    private final Backend backend;
    private final DType dtype;
    private final WeightFormat weights;
    private final boolean doubleQuant;

    private LoadOptions(Backend backend, DType dtype, WeightFormat weights, boolean doubleQuant) {
        this.backend = backend;
        this.dtype = dtype;
        this.weights = weights;
        this.doubleQuant = doubleQuant;
    }

    /** The backend chosen by the environment ({@link Backends#fromEnvironment()}), computing in float32. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /** {@link #defaults()} with {@code backend} and {@code dtype}. */
    public static LoadOptions of(Backend backend, DType dtype) {
        return defaults().withBackend(backend).withDType(dtype);
    }

    public LoadOptions withBackend(Backend backend) {
        return new LoadOptions(Objects.requireNonNull(backend, "backend"), dtype, weights, doubleQuant);
    }

    public LoadOptions withDType(DType dtype) {
        return new LoadOptions(backend, Objects.requireNonNull(dtype, "dtype"), weights, doubleQuant);
    }

    /**
     * The form the block linears' weights are kept in between uses (default {@code f32}: dense in the compute
     * dtype). int8, nf4 and fp4 quantize them at load as bitsandbytes does; bf16 and f16 keep 2 bytes per weight.
     */
    public LoadOptions withWeights(WeightFormat weights) {
        return new LoadOptions(backend, dtype, Objects.requireNonNull(weights, "weights"), doubleQuant);
    }

    /**
     * Whether nf4/fp4 weights quantized at load also get their block scales double-quantized, as bitsandbytes'
     * {@code bnb_4bit_use_double_quant} (docs/quantization.md); default false. No effect on other formats.
     */
    public LoadOptions withDoubleQuant(boolean doubleQuant) {
        return new LoadOptions(backend, dtype, weights, doubleQuant);
    }

    /** True when nf4/fp4 block scales are double-quantized at load. */
    public boolean doubleQuant() {
        return doubleQuant;
    }

    /** The backend set with {@link #withBackend}, else the one the environment names (resolved on each call). */
    public Backend backend() {
        return backend != null ? backend : Backends.fromEnvironment();
    }

    /** The dtype weights are converted to and computed in. */
    public DType dtype() {
        return dtype;
    }

    /** The storage form of the weights. */
    public WeightFormat weights() {
        return weights;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadOptions other
                && Objects.equals(backend, other.backend)
                && dtype == other.dtype
                && weights == other.weights
                && doubleQuant == other.doubleQuant;
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, dtype, weights, doubleQuant);
    }

    @Override
    public String toString() {
        return "LoadOptions[backend=" + (backend != null ? backend.name() : "from environment") + ", dtype=" + dtype
                + ", weights=" + weights + (doubleQuant ? ", doubleQuant" : "") + "]";
    }
}
