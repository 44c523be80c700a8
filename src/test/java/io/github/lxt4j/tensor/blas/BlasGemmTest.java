package io.github.lxt4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense layers' two products with OpenBLAS forced, against a plain triple loop in double precision: odd sizes,
 * batch axes, more threads than tiles and fewer, and views that are not contiguous (which libtorch computes).
 */
class BlasGemmTest {

    private static final Backend DJL = Backends.djl();
    private final int threads = DJL.threads();

    @AfterEach
    void restoreThreads() {
        DJL.setThreads(threads);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1, 1",
        "1, 300, 1000, 2",
        "1, 33, 7, 3",
        "3, 5, 7, 2",
        "17, 33, 65, 2",
        "2, 300, 9, 3",
        "129, 67, 200, 2",
        "64, 48, 1000, 3",
        "40, 24, 130, 1"
    })
    void bothProductsMatchATripleLoop(int m, int k, int n, int threads) {
        DJL.setThreads(threads);
        try (TensorScope s = TensorScope.open()) {
            float[] x = random(m * k, 1);
            float[] w = random(n * k, 2);
            float[] g = random(m * n, 3);
            Tensor xt = DJL.fromFloats(x, DType.FLOAT32, m, k);
            Tensor wt = DJL.fromFloats(w, DType.FLOAT32, n, k);
            Tensor gt = DJL.fromFloats(g, DType.FLOAT32, m, n);

            Tensor z = onOpenBlas(() -> xt.matmulTransposed(wt));
            assertArrayEquals(new long[] {m, n}, z.shape());
            close(xTimesWt(x, w, m, k, n), z.toFloatArray());

            Tensor r = onOpenBlas(() -> gt.matmulWeight(wt));
            assertArrayEquals(new long[] {m, k}, r.shape());
            close(gTimesW(g, w, m, k, n), r.toFloatArray());
        }
    }

    @Test
    void theBitsDoNotDependOnTheThreadCount() {
        int m = 96, k = 256, n = 700;
        try (TensorScope s = TensorScope.open()) {
            Tensor x = DJL.fromFloats(random(m * k, 14), DType.FLOAT32, m, k);
            Tensor w = DJL.fromFloats(random(n * k, 15), DType.FLOAT32, n, k);
            Tensor g = DJL.fromFloats(random(m * n, 16), DType.FLOAT32, m, n);
            float[] z1 = null;
            float[] r1 = null;
            for (int t : new int[] {1, 2, 3}) {
                DJL.setThreads(t);
                float[] z = onOpenBlas(() -> x.matmulTransposed(w)).toFloatArray();
                float[] r = onOpenBlas(() -> g.matmulWeight(w)).toFloatArray();
                if (z1 == null) {
                    z1 = z;
                    r1 = r;
                }
                assertArrayEquals(z1, z, 0f, t + " threads, x·Wᵀ");
                assertArrayEquals(r1, r, 0f, t + " threads, g·W");
            }
        }
    }

    @Test
    void leadingAxesAreFlattenedIntoRows() {
        int b = 2, t = 3, k = 37, n = 45;
        try (TensorScope s = TensorScope.open()) {
            float[] x = random(b * t * k, 4);
            float[] w = random(n * k, 5);
            float[] g = random(b * t * n, 6);
            Tensor wt = DJL.fromFloats(w, DType.FLOAT32, n, k);
            Tensor z =
                    onOpenBlas(() -> DJL.fromFloats(x, DType.FLOAT32, b, t, k).matmulTransposed(wt));
            assertArrayEquals(new long[] {b, t, n}, z.shape());
            close(xTimesWt(x, w, b * t, k, n), z.toFloatArray());
            Tensor r =
                    onOpenBlas(() -> DJL.fromFloats(g, DType.FLOAT32, b, t, n).matmulWeight(wt));
            assertArrayEquals(new long[] {b, t, k}, r.shape());
            close(gTimesW(g, w, b * t, k, n), r.toFloatArray());
        }
    }

    @Test
    void viewsThatAreNotContiguousGoToLibtorchAndStayCorrect() {
        int m = 11, k = 19, n = 23;
        try (TensorScope s = TensorScope.open()) {
            float[] x = random(m * k, 7);
            float[] w = random(n * k, 8);
            // xᵀ stored, then transposed back: a view with swapped strides
            Tensor xView =
                    DJL.fromFloats(transpose(x, m, k), DType.FLOAT32, k, m).transpose(0, 1);
            Tensor wView =
                    DJL.fromFloats(transpose(w, n, k), DType.FLOAT32, k, n).transpose(0, 1);
            Tensor wt = DJL.fromFloats(w, DType.FLOAT32, n, k);
            long before = Blas.openBlasCalls();
            Tensor z1 = Blas.with(BlasLibrary.OPENBLAS, () -> xView.matmulTransposed(wt));
            Tensor z2 = Blas.with(
                    BlasLibrary.OPENBLAS,
                    () -> DJL.fromFloats(x, DType.FLOAT32, m, k).matmulTransposed(wView));
            assertEquals(before, Blas.openBlasCalls(), "non-contiguous operands must not reach OpenBLAS");
            close(xTimesWt(x, w, m, k, n), z1.toFloatArray());
            close(xTimesWt(x, w, m, k, n), z2.toFloatArray());

            // a contiguous copy of the view does reach OpenBLAS (Tensor.copy() is contiguous)
            Tensor z3 = onOpenBlas(() -> xView.copy().matmulTransposed(wView.copy()));
            close(xTimesWt(x, w, m, k, n), z3.toFloatArray());

            // a slice of the last axis (the pieces of a large stored weight's adjoint)
            float[] g = random(m * (n + 4), 9);
            Tensor gSlice = DJL.fromFloats(g, DType.FLOAT32, m, n + 4).slice(1, 2, n + 2);
            Tensor r = Blas.with(BlasLibrary.OPENBLAS, () -> gSlice.matmulWeight(wt));
            close(gTimesW(columns(g, m, n + 4, 2, n + 2), w, m, k, n), r.toFloatArray());
        }
    }

    @Test
    void otherDtypesGoToLibtorch() {
        int m = 5, k = 7, n = 6;
        try (TensorScope s = TensorScope.open()) {
            float[] x = random(m * k, 10);
            float[] w = random(n * k, 11);
            long before = Blas.openBlasCalls();
            Tensor z = Blas.with(
                    BlasLibrary.OPENBLAS,
                    () -> DJL.fromFloats(x, DType.FLOAT64, m, k)
                            .matmulTransposed(DJL.fromFloats(w, DType.FLOAT64, n, k)));
            assertEquals(before, Blas.openBlasCalls());
            assertEquals(DType.FLOAT64, z.dtype());
            close(xTimesWt(x, w, m, k, n), z.toFloatArray());
        }
    }

    @Test
    void theProductBelongsToTheCurrentScope() {
        try (TensorScope outer = TensorScope.open()) {
            Tensor w = DJL.fromFloats(random(8 * 4, 12), DType.FLOAT32, 8, 4);
            Tensor x = DJL.fromFloats(random(3 * 4, 13), DType.FLOAT32, 3, 4);
            Tensor z;
            try (TensorScope inner = TensorScope.open()) {
                z = onOpenBlas(() -> x.matmulTransposed(w));
                assertTrue(inner.owns(z));
            }
            assertTrue(z.isClosed(), "closing the scope frees the product");
        }
    }

    private static Tensor onOpenBlas(Supplier<Tensor> product) {
        long before = Blas.openBlasCalls();
        Tensor t = Blas.with(BlasLibrary.OPENBLAS, product);
        assertTrue(Blas.openBlasCalls() > before, "OpenBLAS computed the product");
        return t;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** x [m, k] · w [n, k]ᵀ. */
    static double[] xTimesWt(float[] x, float[] w, int m, int k, int n) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += (double) x[i * k + p] * w[j * k + p];
                }
                out[i * n + j] = acc;
            }
        }
        return out;
    }

    /** g [m, n] · w [n, k]. */
    static double[] gTimesW(float[] g, float[] w, int m, int k, int n) {
        double[] out = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += (double) g[i * n + j] * w[j * k + p];
                }
                out[i * k + p] = acc;
            }
        }
        return out;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    private static float[] columns(float[] a, int rows, int cols, int from, int to) {
        float[] out = new float[rows * (to - from)];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, i * cols + from, out, i * (to - from), to - from);
        }
        return out;
    }

    /** Within float32 rounding of sums of up to a few hundred products of unit normals. */
    private static void close(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }
}
