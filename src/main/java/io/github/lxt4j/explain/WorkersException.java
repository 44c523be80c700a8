package io.github.lxt4j.explain;

import io.github.lxt4j.Lxt4jException;

/**
 * A worker count that cannot be used: below 1, or more than one on a backend that cannot explain on several threads
 * at once (ND4J). The message names the option or parameter that was given.
 */
public class WorkersException extends Lxt4jException {
    public WorkersException(String message) {
        super(message);
    }
}
