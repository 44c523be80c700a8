package io.github.lxt4j.eval;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.PrettyJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The result of an evaluation: its setup, the model's accuracy and each method's {@link MethodSummary}; printed as
 * a table or as JSON. n/a figures are {@code null} in JSON and {@code n/a} in the table.
 *
 * @param setup what ran (model, dataset, backend, dtype, steps, baseline token, …), in print order
 * @param metrics what was asked for
 * @param methods one summary per method, in the order evaluated
 */
public record EvalReport(Map<String, Object> setup, List<Metric> metrics, List<MethodSummary> methods) {

    public EvalReport {
        setup = Collections.unmodifiableMap(new LinkedHashMap<>(setup));
        metrics = List.copyOf(metrics);
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one method");
        }
    }

    /**
     * The fraction of examples with an answer whose prediction decodes to it (the prediction is the argmax, the same
     * for every method); null when no example has an answer.
     */
    public Double accuracy() {
        return methods.get(0).accuracy();
    }

    /** The summary of {@code m}. */
    public MethodSummary method(Method m) {
        return methods.stream()
                .filter(s -> s.method() == m)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(m.cliName() + " was not evaluated"));
    }

    private boolean wants(Metric.Kind kind) {
        return Metric.any(metrics, kind);
    }

    /** One per-method figure: its JSON key, its table header (null: JSON only) and how to read it. */
    private record Column(String key, String header, Function<MethodSummary, Double> value) {}

    private List<Column> columns() {
        List<Column> out = new ArrayList<>();
        for (Metric metric : metrics) {
            switch (metric.kind()) {
                case HIT_AT_K -> out.add(new Column(metric.label(), metric.label(), s -> s.hit(metric.k())));
                case ABPC -> {
                    out.add(new Column("auc_morf", "AUC-MoRF", s -> s.aucMorf().get(CurveValue.LOGIT)));
                    out.add(new Column("auc_lerf", "AUC-LeRF", s -> s.aucLerf().get(CurveValue.LOGIT)));
                    out.add(new Column("abpc", "ABPC", s -> s.abpc(CurveValue.LOGIT)));
                    out.add(new Column(
                            "auc_morf_probability", null, s -> s.aucMorf().get(CurveValue.PROBABILITY)));
                    out.add(new Column(
                            "auc_lerf_probability", null, s -> s.aucLerf().get(CurveValue.PROBABILITY)));
                    out.add(new Column("abpc_probability", "ABPC(p)", s -> s.abpc(CurveValue.PROBABILITY)));
                }
                case CONSERVATION -> {
                    out.add(new Column("conservation_error_mean", "cons.err", MethodSummary::conservationMean));
                    out.add(new Column("conservation_error_max", "cons.max", MethodSummary::conservationMax));
                }
                case ACCURACY -> {
                    // the prediction does not depend on the method: reported once, above the methods
                }
            }
        }
        return out;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setup", setup);
        out.put("metrics", metrics.stream().map(Metric::label).toList());
        if (wants(Metric.Kind.ACCURACY)) {
            out.put("accuracy", accuracy());
            out.put("answered", methods.get(0).answered());
            out.put("correct", methods.get(0).correct());
        }
        Map<String, Object> per = new LinkedHashMap<>();
        for (MethodSummary s : methods) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("examples", s.examples());
            if (wants(Metric.Kind.HIT_AT_K)) {
                m.put("sourced", s.sourced());
            }
            for (Column c : columns()) {
                m.put(c.key(), c.value().apply(s));
            }
            per.put(s.method().cliName(), m);
        }
        out.put("methods", per);
        return out;
    }

    public String toJson() {
        return PrettyJson.of(asMap());
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        setup.forEach((k, v) -> sb.append(String.format("%-18s %s%n", k.replace('_', ' '), v)));
        if (wants(Metric.Kind.ACCURACY)) {
            MethodSummary any = methods.get(0);
            sb.append(String.format(
                    "%-18s %s%n",
                    "accuracy",
                    any.accuracy() == null
                            ? "n/a (no example has an answer)"
                            : String.format("%.3f (%d/%d)", any.accuracy(), any.correct(), any.answered())));
        }
        List<Column> shown = columns().stream().filter(c -> c.header() != null).toList();
        List<String> head = new ArrayList<>(List.of("method"));
        shown.forEach(c -> head.add(c.header()));
        sb.append('\n').append(row(head));
        for (MethodSummary s : methods) {
            List<String> cells = new ArrayList<>(List.of(s.method().cliName()));
            shown.forEach(c -> cells.add(cell(c.value().apply(s))));
            sb.append(row(cells));
        }
        if (wants(Metric.Kind.ABPC)) {
            sb.append("AUC and ABPC in logit units, ABPC(p) in probability; ABPC = AUC-LeRF - AUC-MoRF, higher is"
                    + " more faithful.\n");
        }
        return sb.toString();
    }

    /** Three decimals, or two significant digits for small non-zero values (conservation errors of ~1e-7). */
    private static String cell(Double v) {
        if (v == null) {
            return "n/a";
        }
        return v == 0 || Math.abs(v) >= 1e-3 ? String.format("%.3f", v) : String.format("%.1e", v);
    }

    private static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder(String.format("%-18s", cells.get(0)));
        for (int i = 1; i < cells.size(); i++) {
            sb.append(String.format(" %9s", cells.get(i)));
        }
        return sb.append('\n').toString();
    }
}
