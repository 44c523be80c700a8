package io.github.lxt4j.bench;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.blas.Blas;
import io.github.lxt4j.tensor.blas.BlasLibrary;
import io.github.lxt4j.tensor.blas.GemmProduct;
import io.github.lxt4j.tensor.blas.GemmRates;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The GEMM rates on the model's MLP shape, {@code [batch·seq, hidden]·[hidden, intermediate]}, in float32: GFLOP/s of
 * a dense layer's two products (x·Wᵀ in the forward, g·W in the relevance pass) per library the backend can use, and
 * the library in use for each.
 *
 * @param rates by library: {@code libtorch} and {@code openblas} on DJL, the backend's name otherwise
 * @param xWt the library computing x·Wᵀ in this run
 * @param gW the library computing g·W in this run
 */
public record BenchGemm(long m, long k, long n, Map<String, GemmRates> rates, String xWt, String gW) {

    /** Timed rounds per library, after one untimed round. */
    static final int ROUNDS = 3;

    /** The rate of both products as this run computes them. */
    public double inUseRate() {
        return new GemmRates(rates.get(xWt).xWt(), rates.get(gW).gW()).both();
    }

    /** {@code openblas}, or {@code openblas (x·Wᵀ) + libtorch (g·W)} when the products differ. */
    public String inUse() {
        return xWt.equals(gW)
                ? xWt
                : xWt + " (" + GemmProduct.X_WT.symbol() + ") + " + gW + " (" + GemmProduct.G_W.symbol() + ")";
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
        Map<BlasLibrary, GemmRates> measured = Blas.rates(backend, (int) rows, (int) hk[0], (int) hk[1], ROUNDS);
        Map<String, GemmRates> rates = new LinkedHashMap<>();
        measured.forEach((lib, rate) -> rates.put(label(lib, backend), rate));
        return new BenchGemm(
                rows,
                hk[0],
                hk[1],
                rates,
                label(Blas.inUse(backend, GemmProduct.X_WT), backend),
                label(Blas.inUse(backend, GemmProduct.G_W), backend));
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
