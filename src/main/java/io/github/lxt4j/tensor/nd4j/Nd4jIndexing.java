package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.ops.NDBase;

/**
 * Index ops. ND4J's gather reads out of bounds silently, so indices are checked in Java first; its topK returns k=1
 * in M2.1 and {@code Nd4j.sortWithIndices} is slow and leaves native garbage for the GC, so topk selects in Java.
 */
final class Nd4jIndexing {
    private static final NDBase BASE = new NDBase();

    private Nd4jIndexing() {}

    static void checkBounds(long[] idx, long size, String op, int axis, long[] shape) {
        for (long i : idx) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " out of range [0, " + size + ") on axis "
                        + axis + " of " + Arrays.toString(shape));
            }
        }
    }

    /** index_select: entries {@code idx} along {@code axis}; a fresh owned array. */
    static INDArray take(INDArray x, int axis, long[] idx) {
        if (idx.length == 0) {
            return Nd4j.create(x.dataType(), Nd4jArrays.withDim(x.shape(), axis, 0));
        }
        INDArray ids = Nd4jBuffers.of(idx, new long[] {idx.length});
        try (Scratch s = new Scratch(x)) {
            s.tmp(ids);
            return s.result(BASE.gather(x, ids, axis));
        }
    }

    /** torch.gather: {@code out[p] = x[p with p[axis] := idx[p]]}, computed as a flat take. */
    static INDArray gather(INDArray x, int axis, long[] idxShape, long[] idx) {
        long[] xs = x.shape();
        if (idxShape.length != xs.length) {
            throw new IllegalArgumentException("gather: indices " + Arrays.toString(idxShape)
                    + " must have the rank of the input " + Arrays.toString(xs));
        }
        for (int d = 0; d < xs.length; d++) {
            if (d != axis && idxShape[d] > xs[d]) {
                throw new IllegalArgumentException("gather: indices " + Arrays.toString(idxShape) + " exceed the input "
                        + Arrays.toString(xs) + " on axis " + d);
            }
        }
        checkBounds(idx, xs[axis], "gather", axis, xs);
        if (idx.length == 0) {
            return Nd4j.create(x.dataType(), idxShape);
        }
        long[] strides = new long[xs.length];
        long st = 1;
        for (int d = xs.length - 1; d >= 0; d--) {
            strides[d] = st;
            st *= xs[d];
        }
        long[] flat = new long[idx.length];
        int[] pos = new int[xs.length];
        for (int i = 0; i < idx.length; i++) {
            long off = 0;
            for (int d = 0; d < xs.length; d++) {
                off += (d == axis ? idx[i] : pos[d]) * strides[d];
            }
            flat[i] = off;
            for (int d = xs.length - 1; d >= 0; d--) {
                if (++pos[d] < idxShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        INDArray ids = Nd4jBuffers.of(flat, new long[] {flat.length});
        try (Scratch s = new Scratch(x)) {
            s.tmp(ids);
            INDArray picked = BASE.gather(x.reshape('c', new long[] {Shapes.numel(xs)}), ids, 0);
            return s.result(
                    Scratch.isOwnedContiguous(picked)
                            ? Nd4jBuffers.rewrap(picked, idxShape)
                            : s.tmp(picked).reshape('c', idxShape));
        }
    }

    /**
     * {values, INT64 indices} of the k largest entries along {@code axis}, sorted descending; ties keep the lower
     * index first and NaN counts as the largest value, as in torch. The selection runs in Java on the row-major buffer
     * (x is c-contiguous); the values are then gathered natively, so they keep their exact type.
     */
    static INDArray[] topk(INDArray x, int k, int axis) {
        long[] xs = x.shape();
        long n = xs[axis];
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(
                    "topk: k = " + k + " out of range [1, " + n + "] for axis " + axis + " of " + Arrays.toString(xs));
        }
        long inner = 1;
        for (int d = axis + 1; d < xs.length; d++) {
            inner *= xs[d];
        }
        long outer = Shapes.numel(xs) / (n * inner);
        double[] v = x.dataType() == DataType.DOUBLE
                ? Nd4jBuffers.doubles(x)
                : x.dataType() == DataType.FLOAT ? widen(Nd4jBuffers.floats(x)) : null;
        long[] l = v == null ? longs(x) : null;
        long[] idx = new long[Shapes.toIntExact(outer * k * inner, "topk")];
        int[] best = new int[k];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                long base = o * n * inner + i;
                int count = 0;
                for (int j = 0; j < n; j++) {
                    long at = base + j * inner;
                    if (count == k && !before(v, l, at, base + best[k - 1] * inner)) {
                        continue;
                    }
                    int p = count == k ? k - 1 : count++;
                    while (p > 0 && before(v, l, at, base + best[p - 1] * inner)) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = j;
                }
                for (int r = 0; r < k; r++) {
                    idx[(int) ((o * k + r) * inner + i)] = best[r];
                }
            }
        }
        long[] outShape = Nd4jArrays.withDim(xs, axis, k);
        INDArray values = gather(x, axis, outShape, idx);
        return new INDArray[] {values, Nd4jBuffers.of(idx, outShape)};
    }

    private static long[] longs(INDArray x) {
        if (x.dataType() == DataType.LONG) {
            return Nd4jBuffers.longs(x);
        }
        INDArray c = x.castTo(DataType.LONG);
        try {
            return Nd4jBuffers.longs(c);
        } finally {
            c.close();
        }
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Whether the entry at {@code a} ranks before the one at {@code b} (a later position: ties keep order). */
    private static boolean before(double[] v, long[] l, long a, long b) {
        if (v == null) {
            return l[(int) a] > l[(int) b];
        }
        double x = v[(int) a];
        double y = v[(int) b];
        return x > y || (Double.isNaN(x) && !Double.isNaN(y));
    }
}
