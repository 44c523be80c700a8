package io.github.lxt4j.models.openclip;

import io.github.lxt4j.explain.InvalidInputException;

/** An input a CLIP model cannot take: an image tensor of the wrong shape or channel count, a target out of range. */
public class ClipInputException extends InvalidInputException {
    public ClipInputException(String message) {
        super(message);
    }
}
