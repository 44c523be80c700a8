package io.github.lxt4j.eval;

import io.github.lxt4j.explain.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One method's figures over a dataset: means over the examples that carry what each figure needs. A figure that
 * was asked for but that no example supports is null (n/a); one that was not asked for is absent.
 *
 * @param examples how many examples were explained
 * @param answered examples with an answer
 * @param correct of those, how many the prediction matches (the same for every method: the argmax does not
 *        depend on it)
 * @param hitAt hit@k by k (rate among the examples with a source position)
 * @param sourced examples with a source position
 * @param aucMorf mean AUC of the MoRF curves, by curve value
 * @param aucLerf mean AUC of the LeRF curves, by curve value
 * @param conservationMean mean relative conservation error; null unless asked for
 * @param conservationMax largest relative conservation error; null unless asked for
 */
public record MethodSummary(
        Method method,
        int examples,
        int answered,
        int correct,
        Map<Integer, Double> hitAt,
        int sourced,
        Map<CurveValue, Double> aucMorf,
        Map<CurveValue, Double> aucLerf,
        Double conservationMean,
        Double conservationMax) {

    public MethodSummary {
        hitAt = Collections.unmodifiableMap(new LinkedHashMap<>(hitAt));
        aucMorf = Collections.unmodifiableMap(new LinkedHashMap<>(aucMorf));
        aucLerf = Collections.unmodifiableMap(new LinkedHashMap<>(aucLerf));
    }

    public static MethodSummary of(Method method, List<ExampleResult> results, List<Metric> metrics) {
        List<ExampleResult> withSource =
                results.stream().filter(r -> r.sourceRank() != null).toList();
        int answered = (int) results.stream().filter(r -> r.correct() != null).count();
        int correct = (int)
                results.stream().filter(r -> Boolean.TRUE.equals(r.correct())).count();
        Map<Integer, Double> hits = new LinkedHashMap<>();
        Map<CurveValue, Double> morf = new LinkedHashMap<>();
        Map<CurveValue, Double> lerf = new LinkedHashMap<>();
        Double consMean = null;
        Double consMax = null;
        for (Metric m : metrics) {
            switch (m.kind()) {
                case HIT_AT_K ->
                    hits.put(m.k(), withSource.isEmpty() ? null : mean(withSource, r -> r.hit(m.k()) ? 1 : 0));
                case ABPC -> {
                    if (results.stream().anyMatch(r -> r.curves() == null)) {
                        throw new IllegalArgumentException("ABPC asked for, but the results were scored without"
                                + " perturbation curves (EvalOptions without the abpc metric)");
                    }
                    for (CurveValue v : CurveValue.values()) {
                        morf.put(v, mean(results, r -> r.curves().morf().auc(v)));
                        lerf.put(v, mean(results, r -> r.curves().lerf().auc(v)));
                    }
                }
                case CONSERVATION -> {
                    consMean = mean(results, r -> r.conservation().relativeError());
                    consMax = results.stream()
                            .mapToDouble(r -> r.conservation().relativeError())
                            .max()
                            .orElseThrow();
                }
            }
        }
        return new MethodSummary(
                method, results.size(), answered, correct, hits, withSource.size(), morf, lerf, consMean, consMax);
    }

    /** The fraction of answered examples predicted correctly; null when none has an answer. */
    public Double accuracy() {
        return answered == 0 ? null : correct / (double) answered;
    }

    /** The hit@k rate; null when it is n/a. */
    public Double hit(int k) {
        return hitAt.get(k);
    }

    /** AUC(LeRF) − AUC(MoRF) of the mean curves' areas; null unless ABPC was asked for. */
    public Double abpc(CurveValue v) {
        return aucMorf.containsKey(v) ? aucLerf.get(v) - aucMorf.get(v) : null;
    }

    static double mean(List<ExampleResult> rs, ToDoubleFunction<ExampleResult> f) {
        if (rs.isEmpty()) {
            throw new EvalInputException("no examples to average");
        }
        return rs.stream().mapToDouble(f).sum() / rs.size();
    }
}
