package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;

/** A JSON config file that is missing, malformed, or lacks a field of the expected type. */
public class ConfigException extends Lxt4jException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
