package io.github.lxt4j.explain;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Tensor;
import java.util.Map;

/**
 * Refuses results with NaN or infinite values, so that none is written or shown as if it were an explanation. The
 * logits are checked before the relevance: non-finite logits mean the model's forward pass is at fault, not LRP.
 * The {@link AttributionEngine} runs these checks on every pass, so every explainer and CLI mode refuses them.
 */
public final class FiniteCheck {
    /** The key of the last position's logits in {@code explainBatch} outputs. */
    public static final String LOGITS_KEY = "logits_last";

    private FiniteCheck() {}

    /** Checks one row's explained value (a logit or a function of logits) and its relevance. */
    public static void row(Method method, int row, double targetValue, double[] relevance) {
        if (!Double.isFinite(targetValue)) {
            throw forward(method, row, "the explained target value is " + targetValue);
        }
        int bad = firstNonFinite(relevance);
        if (bad >= 0) {
            throw new NonFiniteResultException(
                    method.cliName() + ": the relevance of row " + row + " is " + relevance[bad] + " at position " + bad
                            + " although the model's output is finite",
                    row);
        }
    }

    /** {@link #row} for an {@link Explanation} at {@code row} of its batch. */
    public static void explanation(Explanation e, int row) {
        row(e.method(), row, e.targetValue(), e.relevance());
    }

    /**
     * Checks the floating tensors of an {@code explainBatch} output ([batch, ...] each): {@value #LOGITS_KEY} first,
     * then every other one, naming the first row with a non-finite value.
     */
    public static void batch(Method method, Map<String, TensorData> outputs) {
        TensorData logits = outputs.get(LOGITS_KEY);
        if (logits != null) {
            int row = firstBadRow(logits);
            if (row >= 0) {
                throw forward(method, row, LOGITS_KEY + " holds " + badValue(logits));
            }
        }
        for (Map.Entry<String, TensorData> e : outputs.entrySet()) {
            TensorData t = e.getValue();
            if (e.getKey().equals(LOGITS_KEY) || !t.dtype().isFloating()) {
                continue;
            }
            int row = firstBadRow(t);
            if (row >= 0) {
                throw new NonFiniteResultException(
                        method.cliName() + ": " + e.getKey() + " of row " + row + " holds " + badValue(t)
                                + " although the model's output is finite",
                        row);
            }
        }
    }

    /**
     * Checks a forward output [rows, ...] and the explained values per row, before the relevance pass: a non-finite
     * value here is the model's fault.
     */
    static void output(Method method, Tensor output, double[] targetValues) {
        double[] v = output.toDoubleArray();
        int bad = firstNonFinite(v);
        if (bad >= 0) {
            throw forward(method, rowOf(bad, output.shape(), v.length), "the model's output holds " + v[bad]);
        }
        for (int row = 0; row < targetValues.length; row++) {
            if (!Double.isFinite(targetValues[row])) {
                throw forward(method, row, "the explained target value is " + targetValues[row]);
            }
        }
    }

    /** Checks relevance {@code name} [rows, ...] of a pass whose output was finite. */
    static void relevance(Method method, String name, Tensor relevance) {
        double[] v = relevance.toDoubleArray();
        int bad = firstNonFinite(v);
        if (bad >= 0) {
            int row = rowOf(bad, relevance.shape(), v.length);
            throw new NonFiniteResultException(
                    method.cliName() + ": the relevance at " + name + " of row " + row + " holds " + v[bad]
                            + " although the model's output is finite",
                    row);
        }
    }

    /** The index of the first NaN or infinite value, or -1. */
    public static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static NonFiniteResultException forward(Method method, int row, String what) {
        return new NonFiniteResultException(
                method.cliName() + ": row " + row + ": " + what + "; the model's forward"
                        + " pass produced non-finite logits, so the model (its config.json or weights) is at fault,"
                        + " not the"
                        + " explanation",
                row);
    }

    private static int firstBadRow(TensorData t) {
        double[] v = t.toDoubles();
        int bad = firstNonFinite(v);
        return bad < 0 ? -1 : rowOf(bad, t.shape(), v.length);
    }

    /** The first-axis index of flat index {@code index} in an array of {@code shape} holding {@code length} values. */
    private static int rowOf(int index, long[] shape, int length) {
        long rows = shape.length == 0 ? 1 : Math.max(1, shape[0]);
        return (int) (index / Math.max(1, length / rows));
    }

    private static String badValue(TensorData t) {
        double[] v = t.toDoubles();
        return Double.toString(v[firstNonFinite(v)]);
    }
}
