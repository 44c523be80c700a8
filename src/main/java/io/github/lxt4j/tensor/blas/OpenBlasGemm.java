package io.github.lxt4j.tensor.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION;
import static org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * OpenBLAS's {@code cblas_sgemm} through JavaCPP on direct buffers (the tensors' own memory, no copy). The only class
 * that names JavaCPP or OpenBLAS: it loads only when {@link Blas} has found them on the classpath.
 *
 * <p>In the default {@link Threading#TILES} mode OpenBLAS runs single-threaded and {@link GemmTiles} splits C into
 * tiles that the calling thread and a small pool claim one at a time; in {@link Threading#OPENBLAS} mode one call
 * uses OpenBLAS's own threads (a static split).
 */
final class OpenBlasGemm {

    /** How one GEMM uses several threads. */
    enum Threading {
        TILES,
        OPENBLAS
    }

    /** OpenBLAS's own thread count as last set (a process-wide setting of the library). */
    private static int libraryThreads = -1;

    private OpenBlasGemm() {}

    /** {@code 0.3.31}: the version of the loaded library. */
    static String version() {
        String v = OPENBLAS_VERSION.trim();
        return v.startsWith("OpenBLAS ") ? v.substring("OpenBLAS ".length()).trim() : v;
    }

    /**
     * Row-major {@code C[m×n] = A[m×k] · op(B)}: {@code op(B) = Bᵀ} for B [n×k] when {@code transB}, else B [k×n].
     * The buffers are direct, positioned at element 0 of each matrix; {@code lda}, {@code ldb}, {@code ldc} are row
     * strides in floats.
     */
    static void sgemm(
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
            int threads,
            Threading threading) {
        FloatPointer pa = new FloatPointer(a);
        FloatPointer pb = new FloatPointer(b);
        FloatPointer pc = new FloatPointer(c);
        if (threading == Threading.OPENBLAS) {
            libraryThreads(threads);
            call(transB, m, n, k, pa, lda, pb, ldb, pc, ldc);
            return;
        }
        libraryThreads(1);
        if (m == 1) {
            // one row (the last position's head): a matrix-vector product, which GEMM kernels compute poorly
            GemmTiles.run(
                    1, n, threads, (i0, i1, j0, j1) -> gemv(transB, j1 - j0, k, pb, ldb, j0, pa, pc.getPointer(j0)));
            return;
        }
        GemmTiles.run(
                m,
                n,
                threads,
                (i0, i1, j0, j1) -> call(
                        transB,
                        i1 - i0,
                        j1 - j0,
                        k,
                        pa.getPointer((long) i0 * lda),
                        lda,
                        pb.getPointer(transB ? (long) j0 * ldb : j0),
                        ldb,
                        pc.getPointer((long) i0 * ldc + j0),
                        ldc));
    }

    private static void call(
            boolean transB,
            int m,
            int n,
            int k,
            FloatPointer a,
            int lda,
            FloatPointer b,
            int ldb,
            FloatPointer c,
            int ldc) {
        cblas_sgemm(
                CblasRowMajor,
                CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                1f,
                a,
                lda,
                b,
                ldb,
                0f,
                c,
                ldc);
    }

    /**
     * Columns {@code [j0, j0 + cols)} of {@code a · op(B)} for a single row {@code a} of length k: with {@code transB}
     * (B [n×k]) they are B's rows j0… times a, else (B [k×n]) B's columns j0… transposed times a.
     */
    private static void gemv(
            boolean transB, int cols, int k, FloatPointer b, int ldb, int j0, FloatPointer a, FloatPointer c) {
        if (transB) {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, cols, k, 1f, b.getPointer((long) j0 * ldb), ldb, a, 1, 0f, c, 1);
        } else {
            cblas_sgemv(CblasRowMajor, CblasTrans, k, cols, 1f, b.getPointer(j0), ldb, a, 1, 0f, c, 1);
        }
    }

    private static synchronized void libraryThreads(int n) {
        if (libraryThreads != n) {
            blas_set_num_threads(n);
            libraryThreads = n;
        }
    }
}
