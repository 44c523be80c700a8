package io.github.lxt4j.tensor;

/** Indirection so that ND4J classes load only when the nd4j backend is asked for. */
final class Nd4jLoader {
    private Nd4jLoader() {
    }

    static Backend backend() {
        return io.github.lxt4j.tensor.nd4j.Nd4jBackend.instance();
    }
}
