package io.github.lxt4j.explain;

import java.util.Arrays;

/**
 * The checks every explainer entry point makes on its token inputs, shared by all families: a non-empty batch of
 * equally long, non-empty rows, ids inside the vocabulary, and a mask of the same shape holding only 0 and 1 with at
 * least one 1 per row. Every failure is an {@link InvalidInputException} naming the input, the row and what was
 * expected.
 */
public final class InputValidator {
    private InputValidator() {}

    /** {@code ids} ({@code name} in messages): at least one row, all rows of the same length of at least 1. */
    public static void ids(String name, long[][] ids) {
        if (ids == null || ids.length == 0) {
            throw new InvalidInputException(name + " is an empty batch: at least one row is needed");
        }
        for (int b = 0; b < ids.length; b++) {
            if (ids[b] == null || ids[b].length == 0) {
                throw new InvalidInputException(name + " row " + b + " is empty: at least one token is needed");
            }
            if (ids[b].length != ids[0].length) {
                throw new InvalidInputException("ragged " + name + ": row " + b + " has " + ids[b].length
                        + " ids, row 0 has " + ids[0].length + " (left-pad and pass an attention mask)");
            }
        }
    }

    /** {@link #ids}, and every id in {@code [0, vocabSize)}. */
    public static void ids(String name, long[][] ids, long vocabSize) {
        ids(name, ids);
        for (int b = 0; b < ids.length; b++) {
            for (int t = 0; t < ids[b].length; t++) {
                if (ids[b][t] < 0 || ids[b][t] >= vocabSize) {
                    throw new InvalidInputException(name + "[" + b + ", " + t + "] = " + ids[b][t]
                            + " is outside the vocabulary [0, " + vocabSize + ")");
                }
            }
        }
    }

    /**
     * {@code mask} ({@code name} in messages) for valid {@code ids}: null (no mask), or of the same [batch, length]
     * shape, holding only 0 and 1, with at least one 1 in each row.
     */
    public static void mask(String name, long[][] mask, long[][] ids) {
        if (mask == null) {
            return;
        }
        if (mask.length != ids.length) {
            throw new InvalidInputException(name + " has " + mask.length + " rows for " + ids.length + " rows of ids;"
                    + " expected the shape of the ids, [" + ids.length + ", " + ids[0].length + "]");
        }
        for (int b = 0; b < mask.length; b++) {
            if (mask[b] == null || mask[b].length != ids[b].length) {
                throw new InvalidInputException(name + " row " + b + " has " + (mask[b] == null ? 0 : mask[b].length)
                        + " entries for " + ids[b].length + " ids; expected the shape of the ids");
            }
            boolean any = false;
            for (int t = 0; t < mask[b].length; t++) {
                if (mask[b][t] != 0 && mask[b][t] != 1) {
                    throw new InvalidInputException(
                            name + "[" + b + ", " + t + "] = " + mask[b][t] + "; expected 0 (padding) or 1 (token)");
                }
                any |= mask[b][t] == 1;
            }
            if (!any) {
                throw new InvalidInputException(name + " row " + b + " is all zeros: the row has no token to explain");
            }
        }
    }

    /** A tensor {@code shape} ({@code name} in messages) of exactly {@code rank} dimensions, none of them 0. */
    public static void shape(String name, long[] shape, int rank) {
        if (shape.length != rank) {
            throw new InvalidInputException(
                    name + " must have " + rank + " dimensions, got shape " + Arrays.toString(shape));
        }
        for (long d : shape) {
            if (d < 1) {
                throw new InvalidInputException(name + " has an empty dimension: shape " + Arrays.toString(shape));
            }
        }
    }
}
