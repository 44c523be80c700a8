package io.github.lxt4j.tensor.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code cond ? x : y} for three arrays of one shape, as a Java loop over the buffers: ND4J's Where/Select ops cost
 * about 20 times an elementwise add in M2.1, a loop about 2 times. An arithmetic blend would turn inf·0 into NaN.
 */
final class Nd4jWhere {
    private Nd4jWhere() {}

    /** Inputs are c-contiguous (see {@link Scratch#isOwnedContiguous}); {@code c} is BOOL; x and y share a type. */
    static INDArray where(INDArray c, INDArray x, INDArray y) {
        long[] shape = x.shape();
        if (x.isEmpty()) {
            return Nd4j.create(x.dataType(), shape);
        }
        byte[] m = Nd4jBuffers.bytes(c);
        switch (x.dataType()) {
            case DOUBLE: {
                double[] a = Nd4jBuffers.doubles(x);
                double[] b = Nd4jBuffers.doubles(y);
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        a[i] = b[i];
                    }
                }
                return Nd4jBuffers.of(a, shape);
            }
            case FLOAT: {
                float[] a = Nd4jBuffers.floats(x);
                float[] b = Nd4jBuffers.floats(y);
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        a[i] = b[i];
                    }
                }
                return Nd4jBuffers.of(a, shape);
            }
            case LONG: {
                long[] a = Nd4jBuffers.longs(x);
                long[] b = Nd4jBuffers.longs(y);
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        a[i] = b[i];
                    }
                }
                return Nd4jBuffers.of(a, shape);
            }
            case INT: {
                int[] a = Nd4jBuffers.ints(x);
                int[] b = Nd4jBuffers.ints(y);
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        a[i] = b[i];
                    }
                }
                return Nd4jBuffers.of(a, shape);
            }
            case BOOL: {
                byte[] a = Nd4jBuffers.bytes(x);
                byte[] b = Nd4jBuffers.bytes(y);
                for (int i = 0; i < a.length; i++) {
                    if (m[i] == 0) {
                        a[i] = b[i];
                    }
                }
                return Nd4jBuffers.ofBools(a, shape);
            }
            default:
                throw new IllegalArgumentException("where: unsupported type " + x.dataType());
        }
    }
}
