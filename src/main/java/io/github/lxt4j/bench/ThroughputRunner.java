package io.github.lxt4j.bench;

import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.tensor.TensorScope;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --workers N}: explanations per second of one worker with all the intra-op threads against N workers
 * with 1/N of them each ({@link ExplainWorkers}), on one model built on random weights. Each round times 2N
 * explanations one way, then 2N the other way, so both see the same machine; the rates are medians over the rounds.
 */
public final class ThroughputRunner {

    private final PrintWriter progress;

    public ThroughputRunner(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * The measured rates.
     *
     * @param perRound explanations timed per round and way
     * @param sequential explanations per second, one worker with {@code threads} intra-op threads
     * @param parallel explanations per second, {@code workers} workers
     */
    public record Result(
            String config,
            String architecture,
            String input,
            String method,
            int threads,
            int workers,
            int threadsPerWorker,
            int rounds,
            int perRound,
            double sequential,
            double parallel) {

        public double ratio() {
            return parallel / sequential;
        }

        public String toTable() {
            return String.format(
                    Locale.ROOT,
                    "throughput  %s (%s), %s, %s, median of %d rounds of %d explanations each way%n"
                            + "  1 worker  x %d threads: %8.3f explanations/s%n"
                            + "  %d workers x %d threads: %8.3f explanations/s%n"
                            + "  ratio: %.2f%n",
                    config,
                    architecture,
                    input,
                    method,
                    rounds,
                    perRound,
                    threads,
                    sequential,
                    workers,
                    threadsPerWorker,
                    parallel,
                    ratio());
        }

        public String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"config\":\"%s\",\"architecture\":\"%s\",\"input\":\"%s\",\"method\":\"%s\",\"threads\":%d,"
                            + "\"workers\":%d,\"threads_per_worker\":%d,\"rounds\":%d,\"per_round\":%d,"
                            + "\"sequential_per_s\":%.4f,\"workers_per_s\":%.4f,\"ratio\":%.3f}",
                    config.replace("\\", "\\\\").replace("\"", "\\\""),
                    architecture,
                    input,
                    method,
                    threads,
                    workers,
                    threadsPerWorker,
                    rounds,
                    perRound,
                    sequential,
                    parallel,
                    ratio());
        }
    }

    public Result run(BenchSpec s, int workers) {
        ExplainWorkers.check(workers, s.backend().name(), "--workers");
        JsonConfig json = BenchPresets.resolve(s.config(), s.layers());
        ModelFamily family = AutoModel.family(json);
        s.backend().setThreads(s.threads());
        say("[bench] building %s (random weights)…%n", s.config());
        try (TensorScope scope = TensorScope.open();
                BenchTarget target = BenchTargets.open(json, s);
                ExplainWorkers pool = ExplainWorkers.start(s.backend(), workers, s.threads(), "--workers")) {
            int perRound = 2 * workers;
            List<Integer> round = Collections.nCopies(perRound, 0);
            say("[bench] warm-up: %d explanation(s) on 1 worker, %d on %d workers…%n", s.warmups(), workers, workers);
            for (int w = 0; w < s.warmups(); w++) {
                explainScoped(target);
            }
            pool.map(Collections.nCopies(workers, 0), i -> {
                target.explain();
                return i;
            });
            double[] sequential = new double[s.repeats()];
            double[] parallel = new double[s.repeats()];
            for (int r = 0; r < s.repeats(); r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    explainScoped(target);
                }
                sequential[r] = perRound / seconds(t0);
                long t1 = System.nanoTime();
                pool.map(round, i -> {
                    target.explain();
                    return i;
                });
                parallel[r] = perRound / seconds(t1);
                say(
                        "[bench] round %d/%d: 1 worker %.3f/s, %d workers %.3f/s%n",
                        r + 1, s.repeats(), sequential[r], workers, parallel[r]);
            }
            return new Result(
                    s.config(),
                    target.architecture(),
                    target.input(),
                    BenchTargets.method(family.capability()).cliName(),
                    s.threads(),
                    workers,
                    pool.threadsPerWorker(),
                    s.repeats(),
                    perRound,
                    median(sequential),
                    median(parallel));
        }
    }

    private static void explainScoped(BenchTarget target) {
        try (TensorScope scope = TensorScope.open()) {
            target.explain();
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] v) {
        List<Double> sorted = new ArrayList<>();
        for (double d : v) {
            sorted.add(d);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void say(String format, Object... args) {
        progress.printf(format, args);
        progress.flush();
    }
}
