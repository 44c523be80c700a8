package io.github.lxt4j.tensor;

import io.github.lxt4j.Lxt4jException;

/** A dtype that the selected backend or device cannot compute in. */
public class UnsupportedDTypeException extends Lxt4jException {
    public UnsupportedDTypeException(String message) {
        super(message);
    }
}
