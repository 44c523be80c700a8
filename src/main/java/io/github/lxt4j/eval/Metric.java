package io.github.lxt4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A figure an evaluation reports. {@code accuracy} needs each line's {@code answer}, {@code hit@K} its
 * {@code source_position}; {@code abpc} (with the AUCs of both curves) and {@code conservation} need neither.
 *
 * @param k the K of hit@K, 0 for the other kinds
 */
public record Metric(Kind kind, int k) {

    public enum Kind {
        ACCURACY,
        HIT_AT_K,
        ABPC,
        CONSERVATION
    }

    private static final Pattern HIT = Pattern.compile("hit@([0-9]{1,6})");

    public static final Metric ACCURACY = new Metric(Kind.ACCURACY, 0);
    public static final Metric ABPC = new Metric(Kind.ABPC, 0);
    public static final Metric CONSERVATION = new Metric(Kind.CONSERVATION, 0);

    /** What {@code lxt4j eval} reports unless told otherwise. */
    public static final List<Metric> DEFAULTS = List.of(ACCURACY, hitAt(1), hitAt(3), ABPC, CONSERVATION);

    public Metric {
        if (kind == Kind.HIT_AT_K) {
            HitAtK.checkK(k);
        } else if (k != 0) {
            throw new IllegalArgumentException(kind + " takes no k");
        }
    }

    public static Metric hitAt(int k) {
        return new Metric(Kind.HIT_AT_K, k);
    }

    /** The CLI and JSON name: accuracy, hit@K, abpc, conservation. */
    public String label() {
        return switch (kind) {
            case ACCURACY -> "accuracy";
            case HIT_AT_K -> "hit@" + k;
            case ABPC -> "abpc";
            case CONSERVATION -> "conservation";
        };
    }

    /** The dataset field this metric needs, or null. */
    public String requiredField() {
        return switch (kind) {
            case ACCURACY -> "answer";
            case HIT_AT_K -> "source_position";
            default -> null;
        };
    }

    /** Whether {@code metrics} holds one of {@code kind}. */
    public static boolean any(List<Metric> metrics, Kind kind) {
        return metrics.stream().anyMatch(m -> m.kind() == kind);
    }

    /** Whether {@code e} lacks the field this metric needs. */
    public boolean lacksDataIn(EvalExample e) {
        return switch (kind) {
            case ACCURACY -> e.answer() == null;
            case HIT_AT_K -> e.sourcePosition() == null;
            default -> false;
        };
    }

    public static Metric parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "accuracy":
                return ACCURACY;
            case "abpc":
                return ABPC;
            case "conservation":
                return CONSERVATION;
            default:
                break;
        }
        Matcher hit = HIT.matcher(n);
        if (hit.matches() && Integer.parseInt(hit.group(1)) >= 1) {
            return hitAt(Integer.parseInt(hit.group(1)));
        }
        throw new EvalInputException(
                "unknown metric '" + name + "': expected accuracy, hit@K (K >= 1), abpc or" + " conservation");
    }

    /** Parses names in order, dropping repeats. */
    public static List<Metric> parseAll(List<String> names) {
        Set<Metric> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(parse(n));
        }
        if (out.isEmpty()) {
            throw new EvalInputException("no metrics given");
        }
        return new ArrayList<>(out);
    }
}
