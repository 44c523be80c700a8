package io.github.lxt4j.spark;

import io.github.lxt4j.Lxt4jException;

/** A row that cannot be explained; its message goes to the row's {@code error} column. */
final class BadRowException extends Lxt4jException {
    BadRowException(String message) {
        super(message);
    }

    BadRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
