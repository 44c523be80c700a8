package io.github.lxt4j.explain;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** Conversions between batch-interface arrays and tensors. */
public final class BatchArrays {
    private BatchArrays() {}

    /** Input {@code name} of {@code inputs} as rows, or null when absent; a typed error unless [batch, length]. */
    public static long[][] rowsOrNull(Map<String, TensorData> inputs, String name) {
        TensorData d = inputs.get(name);
        if (d == null) {
            return null;
        }
        InputValidator.shape(name, d.shape(), 2);
        return rows(d);
    }

    /** A rank-2 integer array as rows. */
    public static long[][] rows(TensorData d) {
        if (d.rank() != 2) {
            throw new InvalidInputException(
                    "expected a [batch, length] array, got shape " + Arrays.toString(d.shape()));
        }
        long[] flat = d.toLongs();
        int b = (int) d.shape()[0];
        int t = (int) d.shape()[1];
        long[][] out = new long[b][t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * t, out[i], 0, t);
        }
        return out;
    }

    /** A tensor as F32 (or F64) data for the output file. */
    public static TensorData data(Tensor t, boolean f64) {
        return f64
                ? TensorData.ofDoubles(t.toDoubleArray(), t.shape())
                : TensorData.ofFloats(t.toFloatArray(), t.shape());
    }
}
