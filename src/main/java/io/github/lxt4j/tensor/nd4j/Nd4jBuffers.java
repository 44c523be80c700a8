package io.github.lxt4j.tensor.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java arrays and row-major ND4J buffers through NIO views of the native memory. ND4J's
 * {@code asFloat()} and {@code Nd4j.create(float[])} go element by element with index checks: about 15 times slower.
 * Reads need {@link Nd4jArrays#contiguous} arrays.
 */
final class Nd4jBuffers {
    private Nd4jBuffers() {}

    private static int n(INDArray x) {
        return x.isEmpty() ? 0 : Math.toIntExact(x.length());
    }

    static float[] floats(INDArray x) {
        float[] r = new float[n(x)];
        if (r.length > 0) {
            x.data().asNioFloat().get(r);
        }
        return r;
    }

    static double[] doubles(INDArray x) {
        double[] r = new double[n(x)];
        if (r.length > 0) {
            x.data().asNioDouble().get(r);
        }
        return r;
    }

    static long[] longs(INDArray x) {
        long[] r = new long[n(x)];
        if (r.length > 0) {
            x.data().asNioLong().get(r);
        }
        return r;
    }

    static int[] ints(INDArray x) {
        int[] r = new int[n(x)];
        if (r.length > 0) {
            x.data().asNioInt().get(r);
        }
        return r;
    }

    /** BOOL arrays: one byte per element, 0 or 1. */
    static byte[] bytes(INDArray x) {
        byte[] r = new byte[n(x)];
        if (r.length > 0) {
            x.data().asNio().get(r);
        }
        return r;
    }

    static INDArray of(float[] d, long[] shape) {
        INDArray r = Nd4j.createUninitialized(DataType.FLOAT, shape.clone());
        if (d.length > 0) {
            r.data().asNioFloat().put(d);
        }
        return r;
    }

    static INDArray of(double[] d, long[] shape) {
        INDArray r = Nd4j.createUninitialized(DataType.DOUBLE, shape.clone());
        if (d.length > 0) {
            r.data().asNioDouble().put(d);
        }
        return r;
    }

    static INDArray of(long[] d, long[] shape) {
        INDArray r = Nd4j.createUninitialized(DataType.LONG, shape.clone());
        if (d.length > 0) {
            r.data().asNioLong().put(d);
        }
        return r;
    }

    static INDArray of(int[] d, long[] shape) {
        INDArray r = Nd4j.createUninitialized(DataType.INT, shape.clone());
        if (d.length > 0) {
            r.data().asNioInt().put(d);
        }
        return r;
    }

    /** BOOL array from 0/1 bytes. */
    static INDArray ofBools(byte[] d, long[] shape) {
        INDArray r = Nd4j.createUninitialized(DataType.BOOL, shape.clone());
        if (d.length > 0) {
            r.data().asNio().put(d);
        }
        return r;
    }

    /**
     * A new array holding a copy of {@code x}'s row-major data under another shape of the same size: one buffer,
     * where {@code reshape} + {@code dup} make a view and a copy.
     */
    static INDArray reshapedCopy(INDArray x, long[] shape) {
        return Nd4j.create(x.data().dup(), shape.clone(), Nd4j.getStrides(shape, 'c'), 0, 'c', x.dataType());
    }

    /** {@code fresh}'s buffer under another shape; {@code fresh} must be owned by the caller and not used again. */
    static INDArray rewrap(INDArray fresh, long[] shape) {
        return Nd4j.create(fresh.data(), shape.clone(), Nd4j.getStrides(shape, 'c'), 0, 'c', fresh.dataType());
    }
}
