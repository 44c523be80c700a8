package io.github.lxt4j.bench;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times load, forward and explanation of any registered model family on random weights, and measures memory: untimed
 * warm-up explanations (the first explanation's peak RSS over the loaded model is what the relevance pass adds),
 * then interleaved repeats of forward and explanation, reported as medians, with each phase's peak RSS. Progress
 * goes to {@code progress}.
 */
public final class BenchRunner {

    private final PrintWriter progress;
    private Path saveDir;

    public BenchRunner(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * Writes the random weights to {@code dir} once and explains from that checkpoint, memory-mapped (decoder LMs,
     * {@code --weights} other than f32); null: the weights stay in memory as drawn.
     */
    public BenchRunner saveDir(Path dir) {
        this.saveDir = dir;
        return this;
    }

    public BenchResult run(BenchSpec s) {
        JsonConfig json = BenchPresets.resolve(s.config(), s.layers());
        ModelFamily family = AutoModel.family(json);
        s.backend().setThreads(s.threads());
        say("[bench] building %s (random weights)…%n", s.config());
        long t0 = System.nanoTime();
        long read0 = MemoryProbe.diskReadBytes();
        try (TensorScope scope = TensorScope.open();
                BenchTarget target = BenchTargets.open(json, s, saveDir, progress)) {
            double load = seconds(t0);
            long loadRead = difference(read0, MemoryProbe.diskReadBytes());
            Peaks peaks = new Peaks(MemoryProbe.peak(), MemoryProbe.rss());
            say("[bench] built %s in %.2f s (RSS %.2f GiB)%n", target.architecture(), load, peaks.loaded / GIB);
            for (int w = 0; w < s.warmups(); w++) {
                say("[bench] warm-up explanation %d/%d…%n", w + 1, s.warmups());
                peaks.explain(target::explain);
            }
            double[] fwd = new double[s.repeats()];
            double[] expl = new double[s.repeats()];
            long fwdRead = 0;
            long explRead = 0;
            for (int r = 0; r < s.repeats(); r++) {
                say("[bench] repeat %d/%d: forward…", r + 1, s.repeats());
                long before = MemoryProbe.diskReadBytes();
                fwd[r] = peaks.forward(target::forward);
                long between = MemoryProbe.diskReadBytes();
                say(" %.3f s, explain…", fwd[r]);
                expl[r] = peaks.explain(target::explain);
                fwdRead += difference(before, between);
                explRead += difference(between, MemoryProbe.diskReadBytes());
                say(" %.3f s%n", expl[r]);
            }
            BenchGemm gemm = null;
            if (target.seq() != null && s.dtype() == DType.FLOAT32) {
                say("[bench] GEMM rates on the MLP shape…%n");
                gemm = BenchGemm.measure(json, s.backend(), (long) s.batch() * target.seq());
            }
            return new BenchResult(
                    s.config(),
                    family.name(),
                    target.architecture(),
                    target.layers(),
                    s.backend().toString(),
                    s.dtypeLabel(),
                    s.threads(),
                    s.checkpoint(),
                    BenchTargets.method(family.capability()).cliName(),
                    target.input(),
                    s.batch(),
                    target.seq(),
                    s.repeats(),
                    load,
                    median(fwd),
                    median(expl),
                    peaks.memory(),
                    target.forwardFlops(),
                    target.relevanceFlops(),
                    new BenchResult.DiskReads(
                            loadRead,
                            loadRead < 0 ? -1 : fwdRead / s.repeats(),
                            loadRead < 0 ? -1 : explRead / s.repeats()),
                    gemm,
                    target.tapes());
        }
    }

    /**
     * Peak resident set per phase: VmHWM is reset before each forward and each explanation and read after it, so
     * the explanation's peak is not hidden by the plain forward's, or the other way round.
     */
    private static final class Peaks {
        private final long afterLoad;
        private final long loaded;
        private long forward = -1;
        private long explain = -1;
        private long firstExplain = -1;

        Peaks(long afterLoad, long loaded) {
            this.afterLoad = afterLoad;
            this.loaded = loaded;
        }

        double forward(Runnable body) {
            long[] peak = new long[1];
            double t = timed(body, peak);
            forward = Math.max(forward, peak[0]);
            return t;
        }

        double explain(Runnable body) {
            long[] peak = new long[1];
            double t = timed(body, peak);
            explain = Math.max(explain, peak[0]);
            if (firstExplain < 0) {
                firstExplain = peak[0];
            }
            return t;
        }

        private static double timed(Runnable body, long[] peak) {
            boolean reset = MemoryProbe.resetPeak();
            long t0 = System.nanoTime();
            body.run();
            double t = seconds(t0);
            peak[0] = reset ? MemoryProbe.peak() : -1;
            return t;
        }

        BenchResult.Memory memory() {
            long process = Math.max(afterLoad, Math.max(forward, explain));
            return new BenchResult.Memory(
                    loaded, forward, explain, process, firstExplain < 0 || loaded < 0 ? -1 : firstExplain - loaded);
        }
    }

    private static long difference(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private void say(String format, Object... args) {
        progress.printf(format, args);
        progress.flush();
    }

    private static final double GIB = 1L << 30;

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
