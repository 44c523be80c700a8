package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;

/** A model argument that is neither an existing folder nor a hub id in the local Hugging Face cache. */
public class ModelNotFoundException extends Lxt4jException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
