package io.github.lxt4j.models;

/** A config field whose value lxt4j does not support (an unknown model_type, rope type, activation, …). */
public class UnsupportedModelException extends ModelLoadException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
