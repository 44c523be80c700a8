package io.github.lxt4j.viz;

import io.github.lxt4j.Lxt4jException;

/**
 * The tokens do not fit the requested {@link TokenScheme}, or {@link TokenScheme#AUTO} found no scheme-specific
 * marker in them. Use {@link TokenCleaner#cleanOrPassThrough(String[], TokenScheme)} to keep such tokens unchanged.
 */
public class UnknownTokenSchemeException extends Lxt4jException {
    /** An exception with the given message. */
    public UnknownTokenSchemeException(String message) {
        super(message);
    }
}
