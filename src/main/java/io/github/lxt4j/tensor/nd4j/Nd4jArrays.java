package io.github.lxt4j.tensor.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.bool.IsNaN;
import org.nd4j.linalg.factory.Nd4j;

/** Small ND4J helpers. Results may alias their input; callers route them through {@link Scratch}. */
final class Nd4jArrays {
    private Nd4jArrays() {}

    /** {@code x} itself when it already has type {@code t}, else a converted copy. */
    static INDArray cast(INDArray x, DataType t) {
        return x.dataType() == t ? x : x.castTo(t);
    }

    /** Floating input for transcendental ops: integers and bools become float32, as in torch. */
    static INDArray floating(INDArray x) {
        return Nd4jTypes.isFloating(x.dataType()) ? x : x.castTo(DataType.FLOAT);
    }

    /** numpy broadcast of {@code x} to {@code shape}; {@code x} itself when the shape already matches. */
    static INDArray expand(INDArray x, long[] shape) {
        long[] xs = x.shape();
        if (Arrays.equals(xs, shape)) {
            return x;
        }
        long[] padded = new long[shape.length];
        Arrays.fill(padded, 1);
        System.arraycopy(xs, 0, padded, shape.length - xs.length, xs.length);
        INDArray r = Arrays.equals(padded, xs) ? x : x.reshape('c', padded);
        return Arrays.equals(padded, shape) ? r : r.broadcast(shape);
    }

    /** {@code x} when its buffer holds exactly its elements in row-major order, else a c-ordered copy. */
    static INDArray contiguous(INDArray x) {
        boolean ok = x.isEmpty() || (Scratch.isRowMajor(x) && x.data().length() == x.length());
        return ok ? x : x.dup('c');
    }

    /** BOOL mask of NaN entries (NDMath.isNaN fails in M2.1: it allocates its output in the input's type). */
    static INDArray isNaN(INDArray x) {
        INDArray z = Nd4j.createUninitialized(DataType.BOOL, x.shape());
        Nd4j.exec(new IsNaN(x, z));
        return z;
    }

    static boolean hasNaN(INDArray x) {
        if (!Nd4jTypes.isFloating(x.dataType()) || x.isEmpty()) {
            return false;
        }
        INDArray m = isNaN(x);
        try {
            return m.any();
        } finally {
            m.close();
        }
    }

    static long[] withDim(long[] shape, int axis, long size) {
        long[] s = shape.clone();
        s[axis] = size;
        return s;
    }

    static long[] concat(long[] head, long... tail) {
        long[] r = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }
}
