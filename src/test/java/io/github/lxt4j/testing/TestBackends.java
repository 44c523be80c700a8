package io.github.lxt4j.testing;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import java.util.stream.Stream;

/** The backends every model test runs on. */
public final class TestBackends {
    private TestBackends() {}

    public static Stream<Backend> all() {
        return Stream.of(Backends.djl(), Backends.nd4j());
    }
}
