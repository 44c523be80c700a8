package io.github.lxt4j.io;

/** Element counts of shapes, with overflow and sign checks. */
final class Shapes {
    private Shapes() {
    }

    /** The product of the dimensions (1 for a scalar); throws ArithmeticException on overflow. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + java.util.Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
