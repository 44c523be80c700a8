package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;

/**
 * An input a dual encoder (CLIP) cannot take: an image tensor of the wrong shape or channel count, a target out of
 * range.
 */
public class DualEncoderInputException extends Lxt4jException {
    public DualEncoderInputException(String message) {
        super(message);
    }
}
