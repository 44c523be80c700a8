package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;

/** A tokenizer that cannot be loaded, or text or ids that it cannot handle (empty text, ids beyond the vocabulary). */
public class TokenizerException extends Lxt4jException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
