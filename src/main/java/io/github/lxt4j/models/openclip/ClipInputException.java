package io.github.lxt4j.models.openclip;

import io.github.lxt4j.Lxt4jException;

/** An input a CLIP model cannot take: an image tensor of the wrong shape or channel count, a target out of range. */
public class ClipInputException extends Lxt4jException {
    public ClipInputException(String message) {
        super(message);
    }
}
