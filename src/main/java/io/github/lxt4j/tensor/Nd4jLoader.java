package io.github.lxt4j.tensor;

import io.github.lxt4j.ClassPathProbe;
import io.github.lxt4j.OptionalDependency;
import io.github.lxt4j.tensor.nd4j.Nd4jBackend;

/** Indirection so that ND4J classes load only when the nd4j backend is asked for, and only when they are there. */
final class Nd4jLoader {
    private Nd4jLoader() {}

    static Backend backend(ClassPathProbe probe) {
        OptionalDependency.ND4J.require(probe);
        return Nd4jBackend.instance();
    }
}
