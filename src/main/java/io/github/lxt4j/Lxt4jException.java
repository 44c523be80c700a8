package io.github.lxt4j;

/** Base class of every exception that lxt4j throws on purpose: bad input, unsupported configs, misuse. */
public class Lxt4jException extends RuntimeException {
    public Lxt4jException(String message) {
        super(message);
    }

    public Lxt4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
