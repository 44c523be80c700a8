package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;

/** An input longer than the model's positions (max_position_embeddings, context_length). */
public class SequenceTooLongException extends Lxt4jException {
    public SequenceTooLongException(long length, long max, String field) {
        super("sequence length " + length + " exceeds the model's " + field + " = " + max);
    }
}
