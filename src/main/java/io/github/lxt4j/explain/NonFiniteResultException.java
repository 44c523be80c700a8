package io.github.lxt4j.explain;

import io.github.lxt4j.Lxt4jException;

/**
 * An explanation whose logits or relevance hold NaN or infinity; the message names the method, the row and, when the
 * logits are already non-finite, says that the model's forward pass produced them (a broken config or checkpoint).
 */
public class NonFiniteResultException extends Lxt4jException {
    private final int row;

    public NonFiniteResultException(String message) {
        this(message, -1);
    }

    /** @param row the first row of the batch with a non-finite value */
    public NonFiniteResultException(String message, int row) {
        super(message);
        this.row = row;
    }

    /** The first row of the batch with a non-finite value, or -1 when not known. */
    public int row() {
        return row;
    }
}
