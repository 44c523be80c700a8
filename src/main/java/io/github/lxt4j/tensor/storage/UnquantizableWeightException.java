package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.Lxt4jException;

/** A weight that cannot be put into the requested storage format (shape, dtype or values); names the weight. */
public class UnquantizableWeightException extends Lxt4jException {
    public UnquantizableWeightException(String message) {
        super(message);
    }
}
