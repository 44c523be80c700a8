package io.github.lxt4j.bench;

import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.PrettyJson;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One model in several weight forms in one process ({@code bench --weights f32,nf4,bf16,int8}): builds each form,
 * keeps them all, runs one untimed forward and explanation of each, then interleaves the timed repeats (per repeat,
 * each form's forward and explanation in turn), so that every form sees the same machine load. Reports each form's
 * median forward and explanation and their ratio to the first form's.
 */
public final class WeightsComparison {

    /**
     * One form's figures: times in seconds (medians, and the fastest repeat, which a loaded machine disturbs least),
     * {@code rssAfterBuildBytes} the process's RSS once it was built.
     */
    public record Form(
            WeightFormat weights,
            double loadSeconds,
            double forwardSeconds,
            double explainSeconds,
            double forwardMinSeconds,
            double explainMinSeconds,
            long rssAfterBuildBytes) {}

    /** The forms in the order asked for; ratios are to the first. */
    public record Result(BenchSpec spec, String architecture, String input, List<Form> forms) {

        public double forwardRatio(Form f) {
            return f.forwardSeconds() / forms.get(0).forwardSeconds();
        }

        public double explainRatio(Form f) {
            return f.explainSeconds() / forms.get(0).explainSeconds();
        }

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", spec.config());
            m.put("architecture", architecture);
            m.put("backend", spec.backend().toString());
            m.put("dtype", spec.dtype().name().toLowerCase(Locale.ROOT));
            m.put("threads", spec.threads());
            m.put("checkpoint", spec.checkpoint());
            m.put("input", input);
            m.put("repeats", spec.repeats());
            List<Object> rows = new ArrayList<>();
            for (Form f : forms) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("weights", f.weights().cliName());
                r.put("load_s", f.loadSeconds());
                r.put("forward_s", f.forwardSeconds());
                r.put("explain_s", f.explainSeconds());
                r.put("forward_ratio", forwardRatio(f));
                r.put("explain_ratio", explainRatio(f));
                r.put("explain_over_forward", f.explainSeconds() / f.forwardSeconds());
                r.put("forward_min_s", f.forwardMinSeconds());
                r.put("explain_min_s", f.explainMinSeconds());
                r.put("forward_min_ratio", f.forwardMinSeconds() / forms.get(0).forwardMinSeconds());
                r.put("explain_min_ratio", f.explainMinSeconds() / forms.get(0).explainMinSeconds());
                r.put("rss_after_build_bytes", f.rssAfterBuildBytes());
                rows.add(r);
            }
            m.put("forms", rows);
            return PrettyJson.of(m);
        }

        public String toTable() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-16s %s (%s, random weights)%n", "config", spec.config(), architecture));
            sb.append(String.format(
                    "%-16s %s, %s, %d threads, checkpointing %s%n",
                    "backend",
                    spec.backend(),
                    spec.dtype().name().toLowerCase(Locale.ROOT),
                    spec.threads(),
                    spec.checkpoint() ? "on" : "off"));
            sb.append(String.format("%-16s %s%n", "input", input));
            sb.append(String.format(
                    "%-16s medians of %d interleaved repeats; ratios to %s%n",
                    "timing", spec.repeats(), forms.get(0).weights().cliName()));
            sb.append(String.format(
                    "%-8s %8s %10s %10s %7s %7s %8s %9s %7s %7s %8s%n",
                    "weights",
                    "load s",
                    "forward s",
                    "explain s",
                    "fwd ×",
                    "expl ×",
                    "expl/fwd",
                    "min fwd s",
                    "fwd ×",
                    "expl ×",
                    "RSS GiB"));
            Form first = forms.get(0);
            for (Form f : forms) {
                sb.append(String.format(
                        "%-8s %8.2f %10.3f %10.3f %7.2f %7.2f %8.2f %9.3f %7.2f %7.2f %8.2f%n",
                        f.weights().cliName(),
                        f.loadSeconds(),
                        f.forwardSeconds(),
                        f.explainSeconds(),
                        forwardRatio(f),
                        explainRatio(f),
                        f.explainSeconds() / f.forwardSeconds(),
                        f.forwardMinSeconds(),
                        f.forwardMinSeconds() / first.forwardMinSeconds(),
                        f.explainMinSeconds() / first.explainMinSeconds(),
                        f.rssAfterBuildBytes() / 1073741824.0));
            }
            sb.append("(× columns: ratio to ")
                    .append(first.weights().cliName())
                    .append(", of the medians, then of the fastest repeats; RSS: the process once that form was built,")
                    .append(" the forms before it included)")
                    .append(System.lineSeparator());
            return sb.toString();
        }
    }

    private final PrintWriter progress;

    public WeightsComparison(PrintWriter progress) {
        this.progress = progress;
    }

    /** Runs {@code spec} (whose own {@code weights} is ignored) once per form of {@code formats}. */
    public Result run(BenchSpec spec, List<WeightFormat> formats) {
        if (formats.isEmpty() || new HashSet<>(formats).size() != formats.size()) {
            throw new BenchOptionException("--weights: expected a list of different formats, got " + formats);
        }
        JsonConfig json = BenchPresets.resolve(spec.config(), spec.layers());
        spec.backend().setThreads(spec.threads());
        int n = formats.size();
        List<BenchTarget> targets = new ArrayList<>();
        double[] load = new double[n];
        long[] rss = new long[n];
        try (TensorScope scope = TensorScope.open()) {
            try {
                for (int i = 0; i < n; i++) {
                    BenchSpec s = withWeights(spec, formats.get(i));
                    say("[bench] building %s with --weights %s (random weights)…%n", spec.config(), formats.get(i));
                    long t0 = System.nanoTime();
                    targets.add(BenchTargets.open(json, s));
                    load[i] = seconds(t0);
                    System.gc(); // the float arrays a build drew leave the heap before the next form is built
                    rss[i] = MemoryProbe.rss();
                    say("[bench] built in %.2f s (RSS %.2f GiB)%n", load[i], rss[i] / 1073741824.0);
                }
                for (int i = 0; i < n; i++) {
                    for (int w = 0; w < spec.warmups(); w++) {
                        say("[bench] warm-up %s: forward and explanation…%n", formats.get(i));
                        targets.get(i).forward();
                        targets.get(i).explain();
                    }
                }
                double[][] fwd = new double[n][spec.repeats()];
                double[][] expl = new double[n][spec.repeats()];
                for (int r = 0; r < spec.repeats(); r++) {
                    for (int i = 0; i < n; i++) {
                        say("[bench] repeat %d/%d, %s: forward…", r + 1, spec.repeats(), formats.get(i));
                        fwd[i][r] = timed(targets.get(i)::forward);
                        say(" %.3f s, explain…", fwd[i][r]);
                        expl[i][r] = timed(targets.get(i)::explain);
                        say(" %.3f s%n", expl[i][r]);
                    }
                }
                List<Form> forms = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    forms.add(new Form(
                            formats.get(i),
                            load[i],
                            BenchRunner.median(fwd[i]),
                            BenchRunner.median(expl[i]),
                            Arrays.stream(fwd[i]).min().orElseThrow(),
                            Arrays.stream(expl[i]).min().orElseThrow(),
                            rss[i]));
                }
                BenchTarget first = targets.get(0);
                return new Result(spec, first.architecture(), first.input(), forms);
            } finally {
                for (BenchTarget t : targets) {
                    t.close();
                }
            }
        }
    }

    private static BenchSpec withWeights(BenchSpec s, WeightFormat f) {
        return new BenchSpec(
                s.config(),
                s.layers(),
                s.backend(),
                s.dtype(),
                s.threads(),
                s.checkpoint(),
                s.batch(),
                s.seq(),
                s.repeats(),
                s.seed(),
                f,
                s.warmups());
    }

    private static double timed(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return seconds(t0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void say(String format, Object... args) {
        progress.printf(format, args);
        progress.flush();
    }
}
