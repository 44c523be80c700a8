package io.github.lxt4j.explain;

import io.github.lxt4j.Lxt4jException;

/**
 * An explanation whose logits or relevance hold NaN or infinity; the message names the method, the row and, when the
 * logits are already non-finite, says that the model's forward pass produced them (a broken config or checkpoint).
 */
public class NonFiniteResultException extends Lxt4jException {
    public NonFiniteResultException(String message) {
        super(message);
    }
}
