package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.WeightDecoder;
import java.util.Arrays;

/**
 * A stored weight that widens with the backend's vectorised {@link WeightDecoder} where the backend has one, and
 * otherwise decodes one row at a time into float32 in Java, writing the rows into the backend tensor. The Java
 * decode ({@link #decodeRow}) is also the reference that {@link #dequantize} uses.
 */
abstract class DecodedWeight implements StoredWeight {
    final WeightShape shape;
    private boolean closed;

    DecodedWeight(WeightShape shape) {
        this.shape = shape;
    }

    /** Writes the float32 values of {@code row} into {@code dst[0, cols)}. */
    abstract void decodeRow(int row, float[] dst);

    /**
     * FLOAT32 {@code [rows.length, cols]} for the given (checked) rows, or {@code [rows, cols]} for all rows when
     * {@code rows} is null, decoded by {@code decoder}; temporaries may stay in the current scope.
     */
    abstract Tensor decode(WeightDecoder decoder, Backend backend, long[] rows);

    /** Drops the references to the storage. */
    abstract void release();

    @Override
    public String name() {
        return shape.name();
    }

    @Override
    public long[] shape() {
        return shape.shapeCopy();
    }

    @Override
    public Tensor widen(Backend backend, DType dtype) {
        checkOpen();
        backend.requireSupported(dtype);
        WeightDecoder decoder = decoder(backend);
        if (decoder != null && shape.numel() > 0) {
            return as(decoded(decoder, backend, null, shape.shapeCopy()), dtype);
        }
        int cols = shape.cols();
        Tensor f = backend.writeFloats(
                shape.shapeCopy(),
                out -> RowTasks.run(shape.rows(), cols, (r, scratch) -> {
                    decodeRow(r, scratch);
                    out.put(r * cols, scratch, 0, cols);
                }));
        return as(f, dtype);
    }

    @Override
    public Tensor widenRows(Backend backend, DType dtype, long[] rowIds) {
        checkOpen();
        backend.requireSupported(dtype);
        int cols = shape.cols();
        Math.multiplyExact(rowIds.length, cols);
        int[] rows = new int[rowIds.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = shape.row(rowIds[i]);
        }
        WeightDecoder decoder = decoder(backend);
        if (decoder != null && rows.length > 0 && cols > 0) {
            long[] ids = Arrays.stream(rows).asLongStream().toArray();
            return as(decoded(decoder, backend, ids, new long[] {rows.length, cols}), dtype);
        }
        Tensor f = backend.writeFloats(
                new long[] {rows.length, cols},
                out -> RowTasks.run(rows.length, cols, (i, scratch) -> {
                    decodeRow(rows[i], scratch);
                    out.put(i * cols, scratch, 0, cols);
                }));
        return as(f, dtype);
    }

    @Override
    public float[] dequantize() {
        checkOpen();
        int cols = shape.cols();
        float[] all = new float[(int) shape.numel()];
        RowTasks.run(shape.rows(), cols, (r, scratch) -> {
            decodeRow(r, scratch);
            System.arraycopy(scratch, 0, all, r * cols, cols);
        });
        return all;
    }

    /**
     * The backend's decoder with {@code -Dlxt4j.backendWidening=true}, else none: the Java decode. Measured at full
     * depth on LLaMA-3-8B nf4 (seq 128, per-layer checkpointing, a quiet 2-core Xeon), the backend's decoder took
     * 20.8 s a forward and 61.1 s an explanation and peaked at 10.3 GiB; the Java decode 15.0 s, 44.4 s and 7.5 GiB
     * (docs/performance.md, "Dequantization cost").
     */
    static WeightDecoder decoder(Backend backend) {
        return Boolean.getBoolean("lxt4j.backendWidening") ? backend.weightDecoder() : null;
    }

    private Tensor decoded(WeightDecoder decoder, Backend backend, long[] rows, long[] resultShape) {
        try (TensorScope scope = TensorScope.open()) {
            return scope.keep(decode(decoder, backend, rows).reshape(resultShape));
        }
    }

    private static Tensor as(Tensor f32, DType dtype) {
        if (dtype == DType.FLOAT32) {
            return f32;
        }
        Tensor t = f32.toDType(dtype);
        f32.close();
        return t;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name() + ": the stored weight is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + " " + format() + Arrays.toString(shape.shape()) + "]";
    }
}
