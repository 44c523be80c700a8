package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;

/** A checkpoint that cannot be loaded: unsupported config, missing or malformed weights. */
public class ModelLoadException extends Lxt4jException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
