package io.github.lxt4j.tensor.blas;

import io.github.lxt4j.tensor.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-machine choice of {@code auto}: both libraries timed once on a dense layer's two products (x·Wᵀ and g·W)
 * at {@link #M}×{@link #K}·{@link #K}×{@link #N} (about 0.3 s), the result cached in {@code
 * blas-calibration.properties} under the cache directory, keyed by CPU model, thread count and library versions. A
 * cache entry that cannot be read is ignored and written again; a cache that cannot be written is skipped.
 */
public final class BlasCalibration {

    private static final Logger LOG = LoggerFactory.getLogger(BlasCalibration.class);

    /** The calibration shape: TinyLlama's hidden size and half its MLP width, at 128 positions. */
    static final int M = 128;

    static final int K = 2048;
    static final int N = 2816;

    /** Timed rounds after one untimed round; each library's best counts. */
    static final int ROUNDS = 2;

    /** OpenBLAS is chosen when it is at least this much faster: a tie keeps the backend's own GEMM. */
    static final double MARGIN = 1.05;

    static final String FILE = "blas-calibration.properties";

    /**
     * What {@code auto} uses.
     *
     * @param torchGflops, openblasGflops the calibration's rates (GFLOP/s)
     * @param cached whether it came from the cache file
     */
    public record Result(
            BlasLibrary library, double torchGflops, double openblasGflops, String key, boolean cached, Path file) {

        /** One line for the log and {@code bench}. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s (calibrated%s: libtorch %.1f, OpenBLAS %.1f GFLOP/s at %d×%d·%d×%d; %s)",
                    library.label(),
                    cached ? ", cached" : "",
                    torchGflops,
                    openblasGflops,
                    M,
                    K,
                    K,
                    N,
                    key);
        }
    }

    private BlasCalibration() {}

    /** The cached choice for this machine, or a new calibration (written to the cache). */
    static synchronized Result decide(Backend backend, String engine, int threads) {
        String key = key(cpuModel(), threads, Blas.openBlasVersion(), engine);
        Path file = cacheDir().resolve(FILE);
        Result cached = read(file, key);
        if (cached != null) {
            return cached;
        }
        Map<BlasLibrary, Double> rates = Blas.rates(backend, M, K, N, ROUNDS);
        Result r = choose(rates.get(BlasLibrary.TORCH), rates.get(BlasLibrary.OPENBLAS), key, file);
        write(file, key, r);
        return r;
    }

    static Result choose(double torch, double openblas, String key, Path file) {
        BlasLibrary lib = openblas >= torch * MARGIN ? BlasLibrary.OPENBLAS : BlasLibrary.TORCH;
        return new Result(lib, torch, openblas, key, false, file);
    }

    static String key(String cpu, int threads, String openblas, String engine) {
        return "cpu=" + cpu + ";threads=" + threads + ";openblas=" + openblas + ";engine=" + engine;
    }

    /** The entry for {@code key}, or null when there is none or it cannot be read. */
    static Result read(Path file, String key) {
        Properties p = load(file);
        String v = p.getProperty(key);
        if (v == null) {
            return null;
        }
        String[] f = v.trim().split("\\s+");
        try {
            if (f.length != 3) {
                throw new IllegalArgumentException("expected 3 fields");
            }
            BlasLibrary lib = BlasLibrary.valueOf(f[0].toUpperCase(Locale.ROOT));
            double torch = Double.parseDouble(f[1]);
            double openblas = Double.parseDouble(f[2]);
            if (!(torch > 0) || !(openblas > 0) || Double.isInfinite(torch) || Double.isInfinite(openblas)) {
                throw new IllegalArgumentException("rates must be positive");
            }
            return new Result(lib, torch, openblas, key, true, file);
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring the unreadable entry '{}' of {}: {}", v, file, e.getMessage());
            return null;
        }
    }

    /** Adds or replaces the entry of {@code r.key()}; an unreadable file is replaced, an I/O failure logged. */
    static void write(Path file, String key, Result r) {
        Properties p = load(file);
        p.setProperty(
                key,
                String.format(Locale.ROOT, "%s %.2f %.2f", r.library().label(), r.torchGflops(), r.openblasGflops()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(
                        out,
                        "lxt4j BLAS calibration: library, libtorch and OpenBLAS GFLOP/s of x*Wt + g*W at " + M + "x" + K
                                + " * " + K + "x" + N + " (float32). Delete to calibrate again.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot write the BLAS calibration cache {}: {}", file, e.toString());
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("ignoring the unreadable BLAS calibration cache {}: {}", file, e.toString());
                return new Properties();
            }
        }
        return p;
    }

    /** {@code -Dlxt4j.cacheDir}, else {@code $XDG_CACHE_HOME/lxt4j}, else {@code ~/.cache/lxt4j}. */
    static Path cacheDir() {
        String dir = System.getProperty("lxt4j.cacheDir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lxt4j");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lxt4j");
    }

    /** The CPU's model name from /proc/cpuinfo, else the architecture and core count. */
    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no /proc/cpuinfo: {}", e.toString());
        }
        return System.getProperty("os.arch") + " x" + Runtime.getRuntime().availableProcessors();
    }
}
