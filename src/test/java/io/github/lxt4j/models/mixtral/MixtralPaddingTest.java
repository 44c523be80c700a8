package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.DecoderPadding;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A left-padded row explains like the unpadded one; the padding gets exactly zero relevance. */
class MixtralPaddingTest {

    static final Map<String, TensorData> REF = Fixtures.reference("mixtral-tiny");

    @Test
    void leftPaddingChangesNothing() {
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT64)) {
            DecoderPadding.assertLeftPaddingChangesNothing(m, REF, 14, 2);
        }
    }

    @Test
    void layerCheckpointingGivesTheSameRelevance() {
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT64)) {
            DecoderPadding.assertCheckpointingChangesNothing(m, REF, true);
        }
    }
}
