package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.tensor.Backend;

/** Placeholder until the ND4J backend lands: fails loudly rather than pretending. */
public final class Nd4jBackend {
    private Nd4jBackend() {
    }

    public static Backend instance() {
        throw new UnsupportedOperationException("the nd4j backend is not implemented yet");
    }
}
