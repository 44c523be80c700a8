package io.github.lxt4j.explain;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Tensor;

/**
 * What one relevance pass explains: the Var to seed, which of its entries (a 0/1 mask, or null for all), and what
 * they are per row (the target token ids and the explained values, for the explanation records).
 *
 * @param value the Var the relevance pass starts from
 * @param seedMask null to seed every entry, or a 0/1 tensor of {@code value}'s shape and dtype
 * @param targetIds per row, the token id(s) (or other indices) the explained value refers to
 * @param targetValues per row, the explained value
 */
public record Objective(Var value, Tensor seedMask, long[][] targetIds, double[] targetValues) {

    /** Every entry of {@code value} [B] is row b's explained value. */
    public static Objective perRow(Var value, long[][] targetIds) {
        return new Objective(value, null, targetIds, value.value().toDoubleArray());
    }

    /** One row whose explained value is the sum of every entry of {@code value} (e.g. a span of logits). */
    public static Objective sum(Var value, long[] targetIds) {
        double s = 0;
        for (double v : value.value().toDoubleArray()) {
            s += v;
        }
        return new Objective(value, null, new long[][] {targetIds}, new double[] {s});
    }
}
