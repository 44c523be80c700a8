package io.github.lxt4j.tensor.blas;

import io.github.lxt4j.tensor.Backend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one CPU backend, which library computes an eligible float32 GEMM: the thread's forced library
 * ({@link Blas#with}), else the setting; in {@code auto}, OpenBLAS where it is available, the GEMM is large enough
 * ({@link #AUTO_MIN_MACS}) and the calibration of this machine and thread count chose it.
 */
public final class GemmRouter {

    private static final Logger LOG = LoggerFactory.getLogger(GemmRouter.class);

    /**
     * Multiply-adds below which {@code auto} keeps libtorch: a small GEMM costs about as much in calls as in
     * arithmetic, so there is nothing for a faster kernel to win (64×256·256×256 is 4 M).
     */
    public static final long AUTO_MIN_MACS = 1L << 22;

    private final Backend backend;
    private final String engine;
    private volatile BlasCalibration.Result decision;

    private static final Map<Backend, GemmRouter> ROUTERS = new ConcurrentHashMap<>();

    /** @param engine the backend's own GEMM library and version, for the calibration cache key */
    public GemmRouter(Backend backend, String engine) {
        this.backend = backend;
        this.engine = engine;
        ROUTERS.put(backend, this);
    }

    /** The router of {@code backend}, or null where its GEMMs are never routed (ND4J, a GPU). */
    static GemmRouter of(Backend backend) {
        return ROUTERS.get(backend);
    }

    /** The library for an eligible GEMM of {@code m×k · k×n} computing {@code product}. */
    public BlasLibrary route(long m, long n, long k, GemmProduct product) {
        BlasLibrary forced = Blas.forcedHere();
        if (forced != null) {
            return forced;
        }
        switch (Blas.choice()) {
            case TORCH:
                return BlasLibrary.TORCH;
            case OPENBLAS:
                Blas.requireOpenBlas();
                return BlasLibrary.OPENBLAS;
            default:
                if (m * n * k < AUTO_MIN_MACS || !Blas.openBlasAvailable()) {
                    return BlasLibrary.TORCH;
                }
                return decision().library(product);
        }
    }

    /**
     * What {@code auto} chose, calibrated at the first large GEMM with the calling thread's intra-op count (or read
     * from the cache): one choice for the whole process, so that an explanation gives the same bits whatever thread
     * count computes it ({@code --workers}).
     */
    public BlasCalibration.Result decision() {
        BlasCalibration.Result r = decision;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (decision == null) {
                decision = BlasCalibration.decide(backend, engine, backend.threads());
                LOG.info("GEMM: {}", decision.describe());
            }
            return decision;
        }
    }
}
