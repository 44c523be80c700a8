package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/** Where weights come from: a checkpoint on disk, or generated (random weights for benchmarks). */
public interface WeightSupplier {

    boolean contains(String key);

    /** The weight {@code key} with exactly {@code shape}, created in the current scope. */
    Tensor load(String key, long[] shape, Backend backend, DType dtype);

    /** For messages: the file or folder. */
    String source();
}
