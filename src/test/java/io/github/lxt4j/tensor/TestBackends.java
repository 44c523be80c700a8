package io.github.lxt4j.tensor;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Parameter sources: both backends, in float32 and float64. */
final class TestBackends {
    private TestBackends() {}

    static Backend djl() {
        return Backends.djl();
    }

    static Backend nd4j() {
        return Backends.nd4j();
    }

    /** (backend, dtype) for DJL and ND4J in float32 and float64. */
    static Stream<Arguments> all() {
        return Stream.of(
                Arguments.of(Named.of("djl", djl()), DType.FLOAT32),
                Arguments.of(Named.of("djl", djl()), DType.FLOAT64),
                Arguments.of(Named.of("nd4j", nd4j()), DType.FLOAT32),
                Arguments.of(Named.of("nd4j", nd4j()), DType.FLOAT64));
    }

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of(Named.of("djl", djl())), Arguments.of(Named.of("nd4j", nd4j())));
    }
}
