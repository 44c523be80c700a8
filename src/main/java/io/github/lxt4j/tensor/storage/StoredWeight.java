package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/**
 * A weight in its storage form ({@link WeightFormat}), widened to a dense tensor for each use. The tensors that
 * {@link #widen} and {@link #widenRows} return are valid until the current TensorScope closes; callers never close
 * them themselves (a {@link DenseWeight} hands out its resident tensor when the dtype already matches).
 */
public interface StoredWeight extends AutoCloseable {

    /** The checkpoint key, used in error messages. */
    String name();

    WeightFormat format();

    long[] shape();

    /** The bytes that the storage occupies: codes plus scales, measured from the buffers this object holds. */
    long storageBytes();

    /** The dense weight in {@code dtype}, created in the current TensorScope. */
    Tensor widen(Backend backend, DType dtype);

    /** Rows {@code rowIds} of the weight seen as [rows, last dim], shape [rowIds.length, last dim] (embeddings). */
    Tensor widenRows(Backend backend, DType dtype, long[] rowIds);

    /** The dequantized values as float32, row-major (the reference for tests and {@code quantize --dequantize}). */
    float[] dequantize();

    /** Releases this weight's storage; idempotent. */
    @Override
    void close();
}
