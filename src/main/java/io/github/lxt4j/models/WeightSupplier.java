package io.github.lxt4j.models;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Set;

/** Where weights come from: a checkpoint on disk, or generated (random weights for benchmarks). */
public interface WeightSupplier {

    boolean contains(String key);

    /** The weight {@code key} with exactly {@code shape}, created in the current scope. */
    Tensor load(String key, long[] shape, Backend backend, DType dtype);

    /**
     * The weight {@code key} with exactly {@code shape}, stored as {@code format} (not F32). This default goes
     * through a float32 tensor of this one weight; suppliers that can do better (a mapped checkpoint, weights
     * generated row by row) override it.
     */
    default StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
        Tensor t = load(key, shape, backend, DType.FLOAT32);
        float[] values = t.toFloatArray();
        t.close();
        return StoredWeights.quantize(key, format, values, shape);
    }

    /**
     * True when {@code key} is already stored quantized (a bitsandbytes checkpoint): {@link #loadStored} then returns
     * that stored form whatever format is asked for.
     */
    default boolean isPrequantized(String key) {
        return false;
    }

    /** The dtype {@code key} is stored in (a checkpoint's BF16, say), or null when the supplier does not say. */
    default DType storedDType(String key) {
        return null;
    }

    /** For messages: the file or folder. */
    String source();

    /** These weights without {@code keys}, as in a checkpoint that does not store them (a tied head, say). */
    default WeightSupplier without(Set<String> keys) {
        WeightSupplier all = this;
        return new WeightSupplier() {
            @Override
            public boolean contains(String key) {
                return !keys.contains(key) && all.contains(key);
            }

            @Override
            public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
                return all.load(key, shape, backend, dtype);
            }

            @Override
            public StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
                return all.loadStored(key, shape, format, backend);
            }

            @Override
            public DType storedDType(String key) {
                return all.storedDType(key);
            }

            @Override
            public boolean isPrequantized(String key) {
                return all.isPrequantized(key);
            }

            @Override
            public String source() {
                return all.source();
            }
        };
    }
}
