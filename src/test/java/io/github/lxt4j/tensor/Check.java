package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;

/** Assertions of tensors against {@link Ref} values. */
final class Check {
    private Check() {}

    /** 1e-6 relative in float64, 1e-5 in float32, 2e-2 in float16; values below 1 count as 1 (absolute floor). */
    static double tol(DType dt) {
        switch (dt) {
            case FLOAT64:
                return 1e-6;
            case FLOAT16:
                return 2e-2;
            default:
                return 1e-5;
        }
    }

    static void close(Ref expected, Tensor actual, DType dt) {
        close(expected, actual, tol(dt), "");
    }

    static void close(Ref expected, Tensor actual, double rtol, String what) {
        assertArrayEquals(expected.shape, actual.shape(), what + " shape");
        close(expected.data, actual.toDoubleArray(), rtol, what);
    }

    static void close(double[] expected, double[] actual, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = Double.isNaN(e)
                    ? Double.isNaN(a)
                    : Double.isInfinite(e) ? e == a : Math.abs(a - e) <= rtol * Math.max(1.0, Math.abs(e));
            if (!ok) {
                fail(what + " element " + i + ": expected " + e + ", got " + a + " (rtol " + rtol + ")\nexpected "
                        + preview(expected) + "\nactual   " + preview(actual));
            }
        }
    }

    /** Exact equality, for indices, masks and copies. */
    static void exact(Ref expected, Tensor actual) {
        assertArrayEquals(expected.shape, actual.shape(), "shape");
        assertArrayEquals(expected.data, actual.toDoubleArray(), 0.0);
    }

    static void dtype(DType expected, Tensor t) {
        assertEquals(expected, t.dtype(), "dtype of " + t);
    }

    private static String preview(double[] d) {
        return Arrays.toString(Arrays.copyOf(d, Math.min(d.length, 12))) + (d.length > 12 ? "…" : "");
    }
}
