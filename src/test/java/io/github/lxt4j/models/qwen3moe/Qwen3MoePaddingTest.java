package io.github.lxt4j.models.qwen3moe;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.DecoderPadding;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** qwen3moe-tiny: a left-padded row explains like the row alone (pads get 0); checkpointing changes nothing. */
class Qwen3MoePaddingTest {

    static final Map<String, TensorData> REF = Fixtures.reference("qwen3moe-tiny");

    @Test
    void leftPaddingChangesNothing() {
        try (TensorScope s = TensorScope.open();
                Qwen3MoeForCausalLM m = Qwen3MoeForCausalLM.fromPretrained(
                        Fixtures.dir("qwen3moe-tiny"), Backends.djl(), DType.FLOAT64)) {
            DecoderPadding.assertLeftPaddingChangesNothing(m, REF, 14, 2);
        }
    }

    @Test
    void layerCheckpointingGivesTheSameRelevance() {
        try (TensorScope s = TensorScope.open();
                Qwen3MoeForCausalLM m = Qwen3MoeForCausalLM.fromPretrained(
                        Fixtures.dir("qwen3moe-tiny"), Backends.djl(), DType.FLOAT64)) {
            DecoderPadding.assertCheckpointingChangesNothing(m, REF, true);
        }
    }
}
