package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;

/** A safetensors file or checkpoint that cannot be read as asked: malformed, truncated, or unsupported. */
public class SafetensorsException extends Lxt4jException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
