package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;

/**
 * Relevance that cannot be rendered: NaN or infinite values, a relevance array whose length differs from the token
 * count, or a relevance map with a ragged or empty shape. The message names the offending index, lengths or shape.
 */
public class InvalidRelevanceException extends Lxt4jException {
    /** An exception with the given message. */
    public InvalidRelevanceException(String message) {
        super(message);
    }
}
