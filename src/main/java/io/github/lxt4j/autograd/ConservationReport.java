package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Σ relevance into and out of each op of one backward pass, in backward order. */
public final class ConservationReport {

    /** One op: where it sits, its rule, and the relevance sums. */
    public record Entry(String op, String site, String rule, double relevanceOut, double relevanceIn) {
        public double relativeError() {
            return ConservationReport.relativeError(relevanceOut, relevanceIn);
        }

        @Override
        public String toString() {
            return String.format(
                    "%-14s %-50s %-22s out=% .6e in=% .6e rel.err=%.2e",
                    op, site, rule, relevanceOut, relevanceIn, relativeError());
        }
    }

    private final List<Entry> entries;

    /** How far relevance {@code in} is from {@code out}: |in − out| / max(|out|, 1e-12). */
    public static double relativeError(double out, double in) {
        return Math.abs(in - out) / Math.max(Math.abs(out), 1e-12);
    }

    ConservationReport(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The ops whose relative error exceeds {@code tolerance}. */
    public List<Entry> violations(double tolerance) {
        List<Entry> bad = new ArrayList<>();
        for (Entry e : entries) {
            if (e.relativeError() > tolerance) {
                bad.add(e);
            }
        }
        return bad;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        void add(Node node, Tensor[] out, Tensor[] in) {
            entries.add(new Entry(
                    node.op.name(), node.site.path(), node.rule.describe(), total(out, null), total(in, node.inputs)));
        }

        private static double total(Tensor[] ts, Var[] owners) {
            double s = 0;
            for (int i = 0; i < ts.length; i++) {
                boolean counts = owners == null || (owners[i] != null && owners[i].requiresGrad());
                if (ts[i] != null && counts) {
                    try (Tensor t = ts[i].sumAll()) {
                        s += t.item();
                    }
                }
            }
            return s;
        }

        ConservationReport build() {
            return new ConservationReport(new ArrayList<>(entries));
        }
    }
}
