package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.util.Objects;

/**
 * How a checkpoint is loaded: the backend and the compute dtype. Immutable; start from {@link #defaults()} and
 * change one setting at a time with the {@code with...} methods, so that settings added later (such as the form in
 * which weights are stored) do not break callers.
 */
public final class LoadOptions {
    private static final LoadOptions DEFAULTS = new LoadOptions(null, DType.FLOAT32);

    private final Backend backend;
    private final DType dtype;

    private LoadOptions(Backend backend, DType dtype) {
        this.backend = backend;
        this.dtype = dtype;
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
        return new LoadOptions(Objects.requireNonNull(backend, "backend"), dtype);
    }

    public LoadOptions withDType(DType dtype) {
        return new LoadOptions(backend, Objects.requireNonNull(dtype, "dtype"));
    }

    /** The backend set with {@link #withBackend}, else the one the environment names (resolved on each call). */
    public Backend backend() {
        return backend != null ? backend : Backends.fromEnvironment();
    }

    /** The dtype weights are converted to and computed in. */
    public DType dtype() {
        return dtype;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadOptions other && Objects.equals(backend, other.backend) && dtype == other.dtype;
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, dtype);
    }

    @Override
    public String toString() {
        return "LoadOptions[backend=" + (backend != null ? backend.name() : "from environment") + ", dtype=" + dtype
                + "]";
    }
}
