package io.github.lxt4j.bench;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.blas.Blas;
import io.github.lxt4j.tensor.blas.BlasLibrary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The GEMM rate on the model's MLP shape, {@code [batch·seq, hidden]·[hidden, intermediate]}, in float32: GFLOP/s of
 * a dense layer's two products (x·Wᵀ and g·W) per library the backend can use, and the library in use.
 *
 * @param rates GFLOP/s by library: {@code libtorch} and {@code openblas} on DJL, the backend's name otherwise
 * @param inUse the library that computes the dense layers' GEMMs in this run
 */
public record BenchGemm(long m, long k, long n, Map<String, Double> rates, String inUse) {

    /** Timed rounds per library, after one untimed round. */
    static final int ROUNDS = 3;

    /** The in-use library's rate in GFLOP/s. */
    public double inUseRate() {
        return rates.get(inUse);
    }

    /** {@code 128×2048·2048×5632}. */
    public String shape() {
        return String.format(Locale.ROOT, "%d×%d·%d×%d", m, k, k, n);
    }

    /**
     * Measures the rates for {@code rows} = batch·seq; null when the config names no hidden and MLP width
     * ({@code hidden_size}/{@code intermediate_size}, {@code d_model}/{@code d_ff}, {@code n_embd}/{@code n_inner}).
     */
    static BenchGemm measure(JsonConfig config, Backend backend, long rows) {
        long[] hk = mlpShape(config);
        if (hk == null || rows < 1) {
            return null;
        }
        Map<BlasLibrary, Double> measured = Blas.rates(backend, (int) rows, (int) hk[0], (int) hk[1], ROUNDS);
        Map<String, Double> rates = new LinkedHashMap<>();
        measured.forEach((lib, rate) -> rates.put(label(lib, backend), rate));
        return new BenchGemm(rows, hk[0], hk[1], rates, label(Blas.inUse(backend), backend));
    }

    /** {hidden, intermediate}, or null. */
    static long[] mlpShape(JsonConfig c) {
        String[][] names = {{"hidden_size", "intermediate_size"}, {"d_model", "d_ff"}, {"n_embd", "n_inner"}};
        for (String[] pair : names) {
            if (c.has(pair[0]) && !c.isNull(pair[0])) {
                long hidden = c.requireLong(pair[0]);
                long inner = c.has(pair[1]) && !c.isNull(pair[1]) ? c.requireLong(pair[1]) : 4 * hidden;
                return new long[] {hidden, inner};
            }
        }
        return null;
    }

    private static String label(BlasLibrary lib, Backend backend) {
        if (lib == BlasLibrary.OPENBLAS) {
            return "openblas";
        }
        return backend.name().equals("djl") ? "libtorch" : backend.name();
    }
}
