package io.github.lxt4j.tensor.blas;

import io.github.lxt4j.OptionalDependency;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.FloatBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The BLAS setting and the OpenBLAS GEMM. The setting is {@code -Dlxt4j.blas} or {@code LXT4J_BLAS} ({@code auto},
 * the default, {@code torch} or {@code openblas}), or {@link #choose}; in {@code auto} each {@link GemmRouter}
 * calibrates once per machine and thread count. OpenBLAS is an optional dependency: without it {@code auto} keeps
 * libtorch and {@code openblas} is refused with a {@code MissingDependencyException} naming the artifacts.
 */
public final class Blas {

    /** Null until read from the environment, so that a bad value is reported where it is used. */
    private static volatile BlasChoice choice;

    private static final ThreadLocal<BlasLibrary> FORCED = new ThreadLocal<>();
    private static volatile Availability availability;
    private static final LongAdder CALLS = new LongAdder();

    private Blas() {}

    /** The current setting. */
    public static BlasChoice choice() {
        BlasChoice c = choice;
        if (c == null) {
            c = initialChoice();
            choice = c;
        }
        return c;
    }

    /** Sets the choice for the whole process; forcing {@code openblas} without the artifact throws. */
    public static void choose(BlasChoice c) {
        if (c == BlasChoice.OPENBLAS) {
            requireOpenBlas();
        }
        choice = c;
    }

    /** GEMMs OpenBLAS has computed in this process. */
    public static long openBlasCalls() {
        return CALLS.sum();
    }

    /** Whether OpenBLAS is on the classpath and loads. */
    public static boolean openBlasAvailable() {
        return availability().version != null;
    }

    /** The OpenBLAS version ({@code 0.3.31}), or null when it is not available. */
    public static String openBlasVersion() {
        return availability().version;
    }

    /** Throws a {@code MissingDependencyException} (artifact missing) or an {@code IllegalStateException}. */
    static void requireOpenBlas() {
        OptionalDependency.OPENBLAS.require();
        Availability a = availability();
        if (a.version == null) {
            throw new IllegalStateException("OpenBLAS is on the classpath but does not load: " + a.failure, a.cause);
        }
    }

    /** The library forced on this thread by {@link #with}, or null. */
    static BlasLibrary forcedHere() {
        return FORCED.get();
    }

    /** Runs {@code body} with {@code library} computing the eligible GEMMs of this thread. */
    public static <T> T with(BlasLibrary library, Supplier<T> body) {
        if (library == BlasLibrary.OPENBLAS) {
            requireOpenBlas();
        }
        BlasLibrary previous = FORCED.get();
        FORCED.set(library);
        try {
            return body.get();
        } finally {
            FORCED.set(previous);
        }
    }

    /**
     * Row-major {@code C[m×n] = A[m×k] · op(B)} by OpenBLAS with {@code threads} threads (the caller's intra-op
     * count), on direct buffers positioned at element 0: {@code op(B) = Bᵀ} for B [n×k] when {@code transB}, else B
     * [k×n]. The result's bits do not depend on {@code threads} ({@link GemmTiles}).
     */
    public static void sgemm(
            boolean transB,
            int m,
            int n,
            int k,
            FloatBuffer a,
            int lda,
            FloatBuffer b,
            int ldb,
            FloatBuffer c,
            int ldc,
            int threads) {
        CALLS.increment();
        OpenBlasGemm.sgemm(transB, m, n, k, a, lda, b, ldb, c, ldc, Math.max(1, threads), threading());
    }

    /**
     * The library that computes {@code product} for a large float32 GEMM on {@code backend} now: forced, set, or
     * calibrated (calibrating if nothing is cached yet); {@link BlasLibrary#TORCH} stands for the backend's own GEMM
     * where nothing is routed.
     */
    public static BlasLibrary inUse(Backend backend, GemmProduct product) {
        GemmRouter r = GemmRouter.of(backend);
        return r == null ? BlasLibrary.TORCH : r.route(Integer.MAX_VALUE, 1, 1L << 16, product);
    }

    /**
     * GFLOP/s of a dense layer's two products, {@code x·Wᵀ} and {@code g·W}, for x [m, k] and W [n, k] in float32 on
     * {@code backend}: the best of {@code rounds} alternating rounds after one untimed round, per library that can
     * compute them (libtorch, and OpenBLAS where available on a DJL CPU backend).
     */
    public static Map<BlasLibrary, GemmRates> rates(Backend backend, int m, int k, int n, int rounds) {
        boolean both = GemmRouter.of(backend) != null && openBlasAvailable();
        BlasLibrary[] libs = both ? BlasLibrary.values() : new BlasLibrary[] {BlasLibrary.TORCH};
        double[][] best = new double[libs.length][2];
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = backend.full(0.5, DType.FLOAT32, m, k);
            Tensor w = backend.full(0.25, DType.FLOAT32, n, k);
            Tensor g = backend.full(0.125, DType.FLOAT32, m, n);
            for (int r = 0; r <= rounds; r++) {
                for (int i = 0; i < libs.length; i++) {
                    double[] s = with(libs[i], () -> time(x, w, g));
                    for (int p = 0; p < 2; p++) {
                        best[i][p] = r == 0 ? Double.MAX_VALUE : Math.min(best[i][p], s[p]);
                    }
                }
            }
        }
        double flops = 2.0 * m * n * k;
        Map<BlasLibrary, GemmRates> out = new EnumMap<>(BlasLibrary.class);
        for (int i = 0; i < libs.length; i++) {
            out.put(libs[i], new GemmRates(flops / best[i][0] / 1e9, flops / best[i][1] / 1e9));
        }
        return out;
    }

    /** Seconds of {x·Wᵀ, g·W}. */
    private static double[] time(Tensor x, Tensor w, Tensor g) {
        try (TensorScope s = TensorScope.open()) {
            long t0 = System.nanoTime();
            x.matmulTransposed(w);
            long t1 = System.nanoTime();
            g.matmulWeight(w);
            long t2 = System.nanoTime();
            return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
        }
    }

    /** {@code -Dlxt4j.blasThreading=tiles} (default) or {@code openblas}: see {@link OpenBlasGemm}. */
    static OpenBlasGemm.Threading threading() {
        String v = System.getProperty("lxt4j.blasThreading", "tiles");
        return v.equalsIgnoreCase("openblas") ? OpenBlasGemm.Threading.OPENBLAS : OpenBlasGemm.Threading.TILES;
    }

    private static BlasChoice initialChoice() {
        String v = System.getProperty("lxt4j.blas");
        String source = "-Dlxt4j.blas";
        if (v == null || v.isBlank()) {
            v = System.getenv("LXT4J_BLAS");
            source = "LXT4J_BLAS";
        }
        if (v == null || v.isBlank()) {
            return BlasChoice.AUTO;
        }
        return BlasChoice.parse(v, source);
    }

    /** Reads the setting from the environment again on next use. */
    static void reloadChoice() {
        choice = null;
    }

    private static Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (Blas.class) {
                if (availability == null) {
                    availability = Availability.probe();
                }
                a = availability;
            }
        }
        return a;
    }

    /** Whether OpenBLAS loads, probed once. */
    private static final class Availability {
        final String version;
        final String failure;
        final Throwable cause;

        private Availability(String version, String failure, Throwable cause) {
            this.version = version;
            this.failure = failure;
            this.cause = cause;
        }

        static Availability probe() {
            if (!OptionalDependency.OPENBLAS.isPresent()) {
                return new Availability(null, "not on the classpath", null);
            }
            try {
                return new Availability(OpenBlasGemm.version(), null, null);
            } catch (LinkageError | RuntimeException e) {
                return new Availability(null, e.toString(), e);
            }
        }
    }
}
