package io.github.lxt4j.cli;

import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.tensor.Backend;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --workers N}: the throughput mode, N explanations at a time on one loaded model (docs/performance.md). */
final class WorkersOption {
    static final String NAME = "--workers";

    @Option(
            names = NAME,
            paramLabel = "N",
            description = "Explanations run in parallel on the one loaded model, each with 1/N of the intra-op"
                    + " threads (at least 1); results keep the input order and equal those of one worker"
                    + " (default: 1; DJL only).")
    Integer workers;

    /** The worker count, checked against {@code backend} (before a model loads). */
    int count(String backend) {
        int n = workers == null ? 1 : workers;
        ExplainWorkers.check(n, backend, NAME);
        return n;
    }

    /**
     * Starts the workers on {@code backend}, sharing the intra-op threads of the calling thread; notes on {@code err}
     * when there are more workers than processors (allowed: each worker then has one thread).
     */
    static ExplainWorkers start(Backend backend, int workers, PrintWriter err) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (workers > cores) {
            err.printf(
                    "[workers] %d workers on %d processors: each runs with 1 intra-op thread, and they share the"
                            + " processors%n",
                    workers, cores);
            err.flush();
        }
        return ExplainWorkers.start(backend, workers, backend.threads(), NAME);
    }
}
