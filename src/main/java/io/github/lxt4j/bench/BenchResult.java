package io.github.lxt4j.bench;

import io.github.lxt4j.io.PrettyJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run: times in seconds (medians over the repeats), memory in bytes, FLOPs as estimates.
 *
 * @param family the model family ({@code llama}, {@code mixtral}, {@code t5}, {@code clip}, …)
 * @param architecture the stacks, for people ({@link BenchTarget#architecture()})
 * @param layers transformer blocks in all stacks together
 * @param method the explanation method, as the CLI names it
 * @param input the inputs, for people ({@link BenchTarget#input()})
 * @param seq the {@code --seq} in effect, or null where the family takes none (CLIP)
 * @param memory resident-set figures, -1 where /proc cannot tell
 * @param disk bytes read from storage (weights paged in from a memory-mapped checkpoint: {@code --save-dir})
 * @param gemm the float32 GEMM rates on the model's MLP shape; null for another dtype, or where the config names no
 *     MLP or the family takes no {@code --seq}
 * @param tapes how the last explanation kept its layers' tapes under the memory budget; null where none applies
 */
public record BenchResult(
        String config,
        String family,
        String architecture,
        int layers,
        String backend,
        String dtype,
        int threads,
        boolean checkpoint,
        String method,
        String input,
        int batch,
        Integer seq,
        int repeats,
        double loadSeconds,
        double forwardSeconds,
        double explainSeconds,
        Memory memory,
        double forwardFlops,
        double relevanceFlops,
        DiskReads disk,
        BenchGemm gemm,
        Tapes tapes) {

    /**
     * Bytes read from storage (/proc/self/io read_bytes: page faults on memory-mapped weights, not page-cache hits),
     * -1 where /proc cannot tell: while loading, and the mean per timed forward and per timed explanation.
     */
    public record DiskReads(long loadBytes, long perForwardBytes, long perExplainBytes) {}

    /** Without GEMM rates or a memory budget. */
    public BenchResult(
            String config,
            String family,
            String architecture,
            int layers,
            String backend,
            String dtype,
            int threads,
            boolean checkpoint,
            String method,
            String input,
            int batch,
            Integer seq,
            int repeats,
            double loadSeconds,
            double forwardSeconds,
            double explainSeconds,
            Memory memory,
            double forwardFlops,
            double relevanceFlops,
            DiskReads disk) {
        this(
                config,
                family,
                architecture,
                layers,
                backend,
                dtype,
                threads,
                checkpoint,
                method,
                input,
                batch,
                seq,
                repeats,
                loadSeconds,
                forwardSeconds,
                explainSeconds,
                memory,
                forwardFlops,
                relevanceFlops,
                disk,
                null,
                null);
    }

    /**
     * The decoder layers that kept their tapes in the last explanation, of all its layers, the largest tape one
     * layer kept (bytes, 0 when none was measured) and the memory budget ({@code auto}, or a size).
     */
    public record Tapes(int kept, int layers, long layerBytes, String budget) {}

    /**
     * Resident-set sizes in bytes.
     *
     * @param loadedBytes RSS once the model is built
     * @param forwardPeakBytes the highest peak RSS of a timed plain forward
     * @param explainPeakBytes the highest peak RSS of an explanation (forward + relevance pass)
     * @param processPeakBytes the highest of all, loading included
     * @param passPeakBytes the first explanation's peak minus {@code loadedBytes}: what the relevance pass adds
     */
    public record Memory(
            long loadedBytes,
            long forwardPeakBytes,
            long explainPeakBytes,
            long processPeakBytes,
            long passPeakBytes) {}

    public double ratio() {
        return explainSeconds / forwardSeconds;
    }

    /**
     * Explanation time over the time its FLOPs (forward + relevance pass) take at the in-use library's GEMM rate on
     * the MLP shape: 1 would be an explanation that runs at GEMM speed throughout. NaN without GEMM rates.
     */
    public double flopBoundRatio() {
        return gemm == null
                ? Double.NaN
                : explainSeconds / ((forwardFlops + relevanceFlops) / (gemm.inUseRate() * 1e9));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("family", family);
        m.put("architecture", architecture);
        m.put("layers", layers);
        m.put("backend", backend);
        m.put("dtype", dtype);
        m.put("threads", threads);
        m.put("checkpoint", checkpoint);
        m.put("method", method);
        m.put("input", input);
        m.put("batch", batch);
        m.put("seq", seq);
        m.put("repeats", repeats);
        m.put("load_s", loadSeconds);
        m.put("forward_s", forwardSeconds);
        m.put("explain_s", explainSeconds);
        m.put("explain_over_forward", ratio());
        m.put("loaded_rss_bytes", memory.loadedBytes());
        m.put("forward_peak_rss_bytes", memory.forwardPeakBytes());
        m.put("explain_peak_rss_bytes", memory.explainPeakBytes());
        m.put("peak_rss_bytes", memory.processPeakBytes());
        m.put("relevance_pass_peak_bytes", memory.passPeakBytes());
        if (tapes != null) {
            m.put("memory_budget", tapes.budget());
            m.put("layers_kept", tapes.kept());
            m.put("layers_recomputed", tapes.layers() - tapes.kept());
            m.put("layer_tape_bytes", tapes.layerBytes());
        }
        m.put("forward_flops", forwardFlops);
        m.put("relevance_flops", relevanceFlops);
        m.put("relevance_over_forward_flops", relevanceFlops / forwardFlops);
        m.put("disk_read_load_bytes", disk.loadBytes());
        m.put("disk_read_per_forward_bytes", disk.perForwardBytes());
        m.put("disk_read_per_explain_bytes", disk.perExplainBytes());
        if (gemm != null) {
            m.put("gemm_shape", List.of(gemm.m(), gemm.k(), gemm.n()));
            Map<String, Double> both = new LinkedHashMap<>();
            Map<String, Double> xWt = new LinkedHashMap<>();
            Map<String, Double> gW = new LinkedHashMap<>();
            gemm.rates().forEach((lib, r) -> {
                both.put(lib, r.both());
                xWt.put(lib, r.xWt());
                gW.put(lib, r.gW());
            });
            m.put("gemm_gflops", both);
            m.put("gemm_gflops_x_wt", xWt);
            m.put("gemm_gflops_g_w", gW);
            m.put("blas", gemm.inUse());
            m.put("blas_x_wt", gemm.xWt());
            m.put("blas_g_w", gemm.gW());
            m.put("flop_bound_ratio", flopBoundRatio());
        }
        return m;
    }

    public String toJson() {
        return PrettyJson.of(asMap());
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        row(sb, "config", String.format("%s (%s, random weights)", config, architecture));
        row(
                sb,
                "backend",
                String.format(
                        "%s, %s, %d threads, checkpointing %s", backend, dtype, threads, checkpoint ? "on" : "off"));
        row(sb, "input", input);
        row(sb, "load", String.format("%.2f s", loadSeconds));
        row(sb, "forward", String.format("%.3f s (median of %d)", forwardSeconds, repeats));
        row(
                sb,
                "explain",
                String.format("%.3f s (median of %d, forward + %s relevance)", explainSeconds, repeats, method));
        row(sb, "explain/forward", String.format("%.2f", ratio()));
        row(
                sb,
                "RSS",
                String.format(
                        "loaded %.2f GiB, forward peak %.2f GiB, explain peak %.2f GiB",
                        gib(memory.loadedBytes()), gib(memory.forwardPeakBytes()), gib(memory.explainPeakBytes())));
        row(
                sb,
                "peak RSS",
                String.format(
                        "%.2f GiB (relevance pass adds %.3f GiB over the loaded model)",
                        gib(memory.processPeakBytes()), gib(memory.passPeakBytes())));
        if (tapes != null) {
            row(
                    sb,
                    "tapes",
                    String.format(
                            "%d of %d layers kept their tapes, %d recomputed (memory budget %s; %.3f GiB a layer)",
                            tapes.kept(),
                            tapes.layers(),
                            tapes.layers() - tapes.kept(),
                            tapes.budget(),
                            gib(tapes.layerBytes())));
        }
        row(
                sb,
                "FLOPs",
                String.format(
                        "forward %.3e, relevance pass %.3e (%.2f× forward)",
                        forwardFlops, relevanceFlops, relevanceFlops / forwardFlops));
        if (disk.loadBytes() >= 0) {
            row(
                    sb,
                    "disk reads",
                    String.format(
                            "load %.2f GiB, forward %.2f GiB, explain %.2f GiB (mean per timed run)",
                            gib(disk.loadBytes()), gib(disk.perForwardBytes()), gib(disk.perExplainBytes())));
        }
        if (gemm != null) {
            StringBuilder rates = new StringBuilder();
            gemm.rates()
                    .forEach((lib, r) ->
                            rates.append(String.format(", %s %.1f (%.1f / %.1f)", lib, r.both(), r.xWt(), r.gW())));
            row(
                    sb,
                    "GEMM",
                    String.format(
                            "%s%s GFLOP/s (both products (x·Wᵀ / g·W), float32); in use: %s",
                            gemm.shape(), rates, gemm.inUse()));
            row(
                    sb,
                    "FLOP-bound",
                    String.format(
                            "%.2f (explain time ÷ its FLOPs at the in-use %.1f GFLOP/s)",
                            flopBoundRatio(), gemm.inUseRate()));
        }
        return sb.toString();
    }

    private static double gib(long bytes) {
        return bytes / 1073741824.0;
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append(String.format("%-16s %s%n", k, v));
    }
}
