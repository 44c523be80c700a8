package io.github.lxt4j.bench;

import io.github.lxt4j.Lxt4jException;

/** A bench option that is out of range, names no preset or file, or does not apply to the model family. */
public class BenchOptionException extends Lxt4jException {
    public BenchOptionException(String message) {
        super(message);
    }
}
