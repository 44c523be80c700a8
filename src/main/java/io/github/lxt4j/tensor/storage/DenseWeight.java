package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * A weight kept as a dense backend tensor (the {@code f32} format: today's behaviour). {@link #widen} returns the
 * resident tensor itself when it already has the requested dtype, else a converted copy in the current scope.
 * The tensor's owner (typically a detached scope of the model) keeps owning it; {@link #close} closes it.
 */
public final class DenseWeight implements StoredWeight {
    private final String name;
    private final Tensor tensor;

    public DenseWeight(String name, Tensor tensor) {
        this.name = name;
        this.tensor = tensor;
    }

    /** The resident tensor. */
    public Tensor tensor() {
        return tensor;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.F32;
    }

    @Override
    public long[] shape() {
        return tensor.shape();
    }

    @Override
    public long storageBytes() {
        return tensor.numel() * tensor.dtype().bytes();
    }

    @Override
    public Tensor widen(Backend backend, DType dtype) {
        check(backend);
        return tensor.dtype() == dtype ? tensor : tensor.toDType(dtype);
    }

    @Override
    public Tensor widenRows(Backend backend, DType dtype, long[] rowIds) {
        check(backend);
        long[] s = tensor.shape();
        long rows = tensor.numel() / s[s.length - 1];
        for (long id : rowIds) {
            if (id < 0 || id >= rows) {
                throw new IndexOutOfBoundsException(name + ": row " + id + " is outside [0, " + rows + ")");
            }
        }
        Tensor matrix = s.length == 2 ? tensor : tensor.reshape(rows, s[s.length - 1]);
        Tensor picked = matrix.indexSelect(0, backend.fromLongs(rowIds, rowIds.length));
        return picked.dtype() == dtype ? picked : picked.toDType(dtype);
    }

    @Override
    public float[] dequantize() {
        return tensor.dtype() == DType.FLOAT32
                ? tensor.toFloatArray()
                : tensor.toDType(DType.FLOAT32).toFloatArray();
    }

    private void check(Backend backend) {
        if (!backend.name().equals(tensor.backend().name())) {
            throw new IllegalArgumentException(name + ": weight lives on the "
                    + tensor.backend().name() + " backend, requested on " + backend.name());
        }
        if (tensor.isClosed()) {
            throw new IllegalStateException(name + ": the stored weight is closed");
        }
    }

    @Override
    public void close() {
        tensor.close();
    }

    @Override
    public String toString() {
        return "DenseWeight[" + name + " " + tensor.dtype() + Arrays.toString(tensor.shape()) + "]";
    }
}
