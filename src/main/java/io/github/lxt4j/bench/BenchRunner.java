package io.github.lxt4j.bench;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.TensorScope;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times load, forward and explanation of any {@link BenchFamily} on random weights, and measures memory: one
 * warm-up explanation (its peak RSS over the loaded model is what the relevance pass adds), then interleaved
 * repeats of forward and explanation, reported as medians. Progress goes to {@code progress}.
 */
public final class BenchRunner {

    private final PrintWriter progress;

    public BenchRunner(PrintWriter progress) {
        this.progress = progress;
    }

    public BenchResult run(BenchSpec s) {
        JsonConfig json = BenchPresets.resolve(s.config(), s.layers());
        BenchFamily family = BenchFamily.of(json);
        s.backend().setThreads(s.threads());
        say("[bench] building %s (random weights)…%n", s.config());
        long t0 = System.nanoTime();
        try (TensorScope scope = TensorScope.open(); BenchTarget target = family.open(json, s)) {
            double load = seconds(t0);
            say("[bench] built %s in %.2f s; first explanation (warm-up, memory)…%n", target.architecture(), load);
            long base = MemoryProbe.rss();
            MemoryProbe.resetPeak();
            target.explain();
            long passPeak = MemoryProbe.peak() - base;
            double[] fwd = new double[s.repeats()];
            double[] expl = new double[s.repeats()];
            for (int r = 0; r < s.repeats(); r++) {
                say("[bench] repeat %d/%d: forward…", r + 1, s.repeats());
                long f0 = System.nanoTime();
                target.forward();
                fwd[r] = seconds(f0);
                say(" %.3f s, explain…", fwd[r]);
                long e0 = System.nanoTime();
                target.explain();
                expl[r] = seconds(e0);
                say(" %.3f s%n", expl[r]);
            }
            return new BenchResult(s.config(), family.name().toLowerCase(Locale.ROOT), target.architecture(),
                    target.layers(), s.backend().toString(), s.dtypeLabel(), s.threads(),
                    s.checkpoint(), family.method().cliName(), target.input(), s.batch(), target.seq(), s.repeats(), load,
                    median(fwd), median(expl), MemoryProbe.peak(), passPeak, target.forwardFlops(),
                    target.relevanceFlops());
        }
    }

    private void say(String format, Object... args) {
        progress.printf(format, args);
        progress.flush();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
