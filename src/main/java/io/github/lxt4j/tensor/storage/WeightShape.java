package io.github.lxt4j.tensor.storage;

import java.util.Arrays;

/** A weight seen as a row-major matrix: rows = product of all but the last dimension, cols = the last one. */
record WeightShape(String name, long[] shape, int rows, int cols) {

    static WeightShape of(String name, long[] shape) {
        if (shape.length == 0) {
            throw new UnquantizableWeightException(name + ": a scalar cannot be stored as a weight matrix");
        }
        long cols = shape[shape.length - 1];
        long rows = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            rows = Math.multiplyExact(rows, shape[i]);
        }
        for (long d : shape) {
            if (d < 0) {
                throw new UnquantizableWeightException(
                        name + ": negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || rows * cols > Integer.MAX_VALUE - 8) {
            throw new UnquantizableWeightException(name + ": shape " + Arrays.toString(shape)
                    + " has more elements than one weight can hold (at most " + (Integer.MAX_VALUE - 8) + ")");
        }
        return new WeightShape(name, shape.clone(), (int) rows, (int) cols);
    }

    long numel() {
        return (long) rows * cols;
    }

    long[] shapeCopy() {
        return shape.clone();
    }

    int row(long id) {
        if (id < 0 || id >= rows) {
            throw new IndexOutOfBoundsException(name + ": row " + id + " is outside [0, " + rows + ")");
        }
        return (int) id;
    }
}
