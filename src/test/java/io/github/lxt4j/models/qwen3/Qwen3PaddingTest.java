package io.github.lxt4j.models.qwen3;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.DecoderPadding;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * qwen3-tiny, with full attention and with a sliding window in layer 1: a left-padded row explains exactly like the
 * row alone (pads get 0), and per-layer checkpointing gives the same relevance.
 */
class Qwen3PaddingTest {

    static final Map<String, TensorData> REF = Fixtures.reference("qwen3-tiny");

    @TempDir
    Path tmp;

    private Path folder(boolean window) {
        return window
                ? FixtureCopies.write(
                        "qwen3-tiny",
                        tmp.resolve("window"),
                        c -> c.put("use_sliding_window", true)
                                .put("sliding_window", 4)
                                .putArray("layer_types")
                                .add("full_attention")
                                .add("sliding_attention"),
                        t -> {})
                : Fixtures.dir("qwen3-tiny");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leftPaddingChangesNothing(boolean window) {
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(
                        folder(window), LoadOptions.of(Backends.djl(), DType.FLOAT64))) {
            DecoderPadding.assertLeftPaddingChangesNothing(m, REF, 14, 3);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void layerCheckpointingGivesTheSameRelevance(boolean window) {
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(
                        folder(window), LoadOptions.of(Backends.djl(), DType.FLOAT64))) {
            DecoderPadding.assertCheckpointingChangesNothing(m, REF, !window);
        }
    }
}
