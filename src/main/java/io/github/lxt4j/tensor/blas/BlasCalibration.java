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
 * The per-machine choice of {@code auto}: both libraries timed once on each of a dense layer's two products (x·Wᵀ
 * and g·W) at {@link #M}×{@link #K}·{@link #K}×{@link #N} (about 0.3 s), the faster kept per product, the result
 * cached in {@code blas-calibration.properties} under the cache directory, keyed by CPU model, core and thread count
 * and library versions. A cache entry that cannot be read is ignored and written again; a cache that cannot be
 * written is skipped; a calibration made on a busy machine ({@link #BUSY}) is used but not cached.
 */
public final class BlasCalibration {

    private static final Logger LOG = LoggerFactory.getLogger(BlasCalibration.class);

    /** The calibration shape: TinyLlama's hidden size and half its MLP width, at 128 positions. */
    static final int M = 128;

    static final int K = 2048;
    static final int N = 2816;

    /** Timed rounds after one untimed round; each library's best counts. */
    static final int ROUNDS = 2;

    /**
     * OpenBLAS is chosen when it is at least this much faster: a tie keeps the backend's own GEMM. The calibration is
     * a micro-benchmark on hot operands, and its lead does not carry over whole into a model: on an Intel Xeon where
     * OpenBLAS's g·W calibrated 1.21× libtorch's, LLaMA-3-8B nf4 explanations at seq 512 took 1.23× longer with it
     * (docs/performance.md), so only a clear lead (AMD Zen 3 showed 1.4–2.3×) switches the library.
     */
    static final double MARGIN = 1.3;

    static final String FILE = "blas-calibration.properties";

    /**
     * A calibration made while other processes keep more than this share of the cores busy is used but not cached:
     * its timings say more about the neighbours than about the libraries.
     */
    static final double BUSY = 0.5;

    /**
     * What {@code auto} uses: a library per product, and the rates it was chosen on.
     *
     * @param cached whether it came from the cache file
     */
    public record Result(
            BlasLibrary xWt,
            BlasLibrary gW,
            GemmRates torch,
            GemmRates openblas,
            String key,
            boolean cached,
            Path file) {

        public BlasLibrary library(GemmProduct p) {
            return p == GemmProduct.X_WT ? xWt : gW;
        }

        /** One line for the log. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "x·Wᵀ by %s, g·W by %s (calibrated%s at %d×%d·%d×%d, GFLOP/s: libtorch %.1f / %.1f, OpenBLAS"
                            + " %.1f / %.1f; %s)",
                    xWt.label(),
                    gW.label(),
                    cached ? ", cached" : "",
                    M,
                    K,
                    K,
                    N,
                    torch.xWt(),
                    torch.gW(),
                    openblas.xWt(),
                    openblas.gW(),
                    key);
        }

        /** The cache file's value: the two libraries, then libtorch's and OpenBLAS's rates. */
        String value() {
            return String.format(
                    Locale.ROOT,
                    "%s %s %.2f %.2f %.2f %.2f",
                    xWt.label(),
                    gW.label(),
                    torch.xWt(),
                    torch.gW(),
                    openblas.xWt(),
                    openblas.gW());
        }
    }

    private BlasCalibration() {}

    /** The cached choice for this machine, or a new calibration (written to the cache unless the machine is busy). */
    static Result decide(Backend backend, String engine, int threads) {
        return decide(backend, engine, threads, BUSY * Runtime.getRuntime().availableProcessors());
    }

    /** {@link #decide(Backend, String, int)}, caching only when other processes' load is at most {@code busy}. */
    static synchronized Result decide(Backend backend, String engine, int threads, double busy) {
        String key = key(cpuModel(), threads, Blas.openBlasVersion(), engine);
        Path file = cacheDir().resolve(FILE);
        Result cached = read(file, key);
        if (cached != null) {
            return cached;
        }
        double before = othersLoad(threads);
        Map<BlasLibrary, GemmRates> rates = Blas.rates(backend, M, K, N, ROUNDS);
        Result r = choose(rates.get(BlasLibrary.TORCH), rates.get(BlasLibrary.OPENBLAS), key, file);
        double load = Math.max(before, othersLoad(threads));
        if (load > busy) {
            LOG.info("BLAS calibration not cached: other processes keep {} cores busy", String.format("%.1f", load));
        } else {
            write(file, key, r);
        }
        return r;
    }

    /**
     * Runnable threads of other processes, as far as the 1-minute load average tells: the load minus this process's
     * {@code threads}; 0 where /proc/loadavg is missing.
     */
    static double othersLoad(int threads) {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Math.max(0, Double.parseDouble(f[0]) - threads);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Per product, OpenBLAS where it is at least {@link #MARGIN} times as fast as libtorch. */
    static Result choose(GemmRates torch, GemmRates openblas, String key, Path file) {
        return new Result(
                faster(torch.xWt(), openblas.xWt()),
                faster(torch.gW(), openblas.gW()),
                torch,
                openblas,
                key,
                false,
                file);
    }

    private static BlasLibrary faster(double torch, double openblas) {
        return openblas >= torch * MARGIN ? BlasLibrary.OPENBLAS : BlasLibrary.TORCH;
    }

    static String key(String cpu, int threads, String openblas, String engine) {
        return "cpu=" + cpu + ";cores=" + Runtime.getRuntime().availableProcessors() + ";threads=" + threads
                + ";openblas=" + openblas + ";engine=" + engine;
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
            if (f.length != 6) {
                throw new IllegalArgumentException("expected 6 fields");
            }
            // the stored choice is checked, but made again from the rates, so that a changed MARGIN applies
            BlasLibrary.valueOf(f[0].toUpperCase(Locale.ROOT));
            BlasLibrary.valueOf(f[1].toUpperCase(Locale.ROOT));
            double[] rates = new double[4];
            for (int i = 0; i < 4; i++) {
                rates[i] = Double.parseDouble(f[2 + i]);
                if (!(rates[i] > 0) || Double.isInfinite(rates[i])) {
                    throw new IllegalArgumentException("rates must be positive");
                }
            }
            return new Result(
                    faster(rates[0], rates[2]),
                    faster(rates[1], rates[3]),
                    new GemmRates(rates[0], rates[1]),
                    new GemmRates(rates[2], rates[3]),
                    key,
                    true,
                    file);
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring the unreadable entry '{}' of {}: {}", v, file, e.getMessage());
            return null;
        }
    }

    /** Adds or replaces the entry of {@code r.key()}; an unreadable file is replaced, an I/O failure logged. */
    static void write(Path file, String key, Result r) {
        Properties p = load(file);
        p.setProperty(key, r.value());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(
                        out,
                        "lxt4j BLAS calibration: the library of x*Wt and of g*W, then libtorch's and OpenBLAS's"
                                + " GFLOP/s of each, at " + M + "x" + K + " * " + K + "x" + N
                                + " (float32). Delete to calibrate again.");
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
