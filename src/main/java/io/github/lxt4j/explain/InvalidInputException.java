package io.github.lxt4j.explain;

import io.github.lxt4j.Lxt4jException;

/** Input that cannot be explained: an empty prompt, ragged ids, a missing input key, … */
public class InvalidInputException extends Lxt4jException {
    public InvalidInputException(String message) {
        super(message);
    }
}
