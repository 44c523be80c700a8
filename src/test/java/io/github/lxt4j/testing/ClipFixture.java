package io.github.lxt4j.testing;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** The openclip-tiny fixture's name and its batch-interface inputs. */
public final class ClipFixture {
    private ClipFixture() {}

    public static final String FIXTURE = "openclip-tiny";

    /** Both backends, named, for parameterized CLIP tests. */
    public static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of(Named.of("djl", (Supplier<Backend>) Backends::djl)),
                Arguments.of(Named.of("nd4j", (Supplier<Backend>) Backends::nd4j)));
    }

    /** The fixture's {@code image} and {@code text} arrays, as the batch interface takes them. */
    public static Map<String, TensorData> inputs(Map<String, TensorData> ref) {
        Map<String, TensorData> in = new HashMap<>();
        in.put("image", ref.get("image"));
        in.put("text", ref.get("text"));
        return in;
    }
}
