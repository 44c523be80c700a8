package io.github.lxt4j.eval;

import java.util.List;

/**
 * How to evaluate.
 *
 * @param metrics what to report
 * @param strictMetrics when true (the user named the metrics), a metric whose field is missing from any example is
 *        rejected before anything runs; when false it is computed over the examples that have it (n/a if none)
 * @param steps perturbation steps N (curves have N+1 points)
 * @param baselineTokenId the replacement token, or null for {@link BaselineToken#defaultFor}
 * @param firstPosition positions before it are neither ranked nor perturbed (1: keep a BOS at 0)
 * @param batchSize prompts per explanation batch (prompts of equal length share a batch)
 */
public record EvalOptions(
        List<Metric> metrics,
        boolean strictMetrics,
        int steps,
        Long baselineTokenId,
        int firstPosition,
        int batchSize) {

    public static final int DEFAULT_STEPS = 10;
    public static final int DEFAULT_BATCH = 16;

    public EvalOptions {
        metrics = List.copyOf(metrics);
        if (metrics.isEmpty()) {
            throw new EvalInputException("no metrics given");
        }
        if (steps < 1) {
            throw new EvalInputException("--steps must be >= 1, got " + steps);
        }
        if (firstPosition < 0) {
            throw new EvalInputException("--first-position must be >= 0, got " + firstPosition);
        }
        if (batchSize < 1) {
            throw new EvalInputException("--batch-size must be >= 1, got " + batchSize);
        }
    }

    public static EvalOptions defaults() {
        return new EvalOptions(Metric.DEFAULTS, false, DEFAULT_STEPS, null, 1, DEFAULT_BATCH);
    }

    public EvalOptions withMetrics(List<Metric> m, boolean strict) {
        return new EvalOptions(m, strict, steps, baselineTokenId, firstPosition, batchSize);
    }

    public EvalOptions withSteps(int n) {
        return new EvalOptions(metrics, strictMetrics, n, baselineTokenId, firstPosition, batchSize);
    }

    public EvalOptions withBaselineToken(Long id) {
        return new EvalOptions(metrics, strictMetrics, steps, id, firstPosition, batchSize);
    }

    public EvalOptions withFirstPosition(int p) {
        return new EvalOptions(metrics, strictMetrics, steps, baselineTokenId, p, batchSize);
    }

    public EvalOptions withBatchSize(int n) {
        return new EvalOptions(metrics, strictMetrics, steps, baselineTokenId, firstPosition, n);
    }

    public boolean wants(Metric.Kind kind) {
        return Metric.any(metrics, kind);
    }
}
