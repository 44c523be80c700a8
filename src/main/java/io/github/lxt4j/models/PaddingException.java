package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;

/** An attention mask padded on the side the model does not take (right padding for a decoder LM). */
public class PaddingException extends Lxt4jException {
    public PaddingException(String message) {
        super(message);
    }
}
