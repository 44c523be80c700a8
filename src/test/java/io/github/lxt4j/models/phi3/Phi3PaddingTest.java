package io.github.lxt4j.models.phi3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.DecoderPadding;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.ShortRowBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** phi3-tiny: left padding gives zero relevance at pads and the row's own relevance; checkpointing changes nothing. */
class Phi3PaddingTest {

    private static final Method[] METHODS = {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT};

    private static CausalLmExplainer explainer() {
        return new CausalLmExplainer(
                Phi3ForCausalLM.fromPretrained(Fixtures.dir("phi3-tiny"), Backends.djl(), DType.FLOAT32), null);
    }

    @Test
    void leftPaddedRowExplainsLikeTheRowAlone() {
        long[][] full = Fixtures.rows(Phi3FixtureTest.REF.get("input_ids"));
        int pad = 5;
        ShortRowBatch rows = ShortRowBatch.of(full, pad);
        long[] shortRow = rows.shortRow();
        long[][] batch = rows.batch();
        long[][] mask = rows.mask();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            for (Method m : METHODS) {
                List<Explanation> padded = ex.explainIds(batch, mask, Target.argmax(), m, true);
                Explanation alone0 = ex.explainIds(new long[][] {shortRow}, null, Target.argmax(), m, true)
                        .get(0);
                Explanation alone1 = ex.explainIds(new long[][] {full[1]}, null, Target.argmax(), m, true)
                        .get(0);
                Explanation p0 = padded.get(0);
                for (int i = 0; i < pad; i++) {
                    assertEquals(0.0, p0.relevance()[i], 0.0, m + ": pad position " + i);
                    for (double d : p0.embeddingRelevance()[i]) {
                        assertEquals(0.0, d, 0.0, m + ": pad position " + i);
                    }
                }
                assertEquals(alone0.targetIds()[0], p0.targetIds()[0], m + ": target");
                assertEquals(alone0.targetValue(), p0.targetValue(), 1e-5, m + ": target logit");
                Compare.absolute(
                        m + " padded row", Arrays.copyOfRange(p0.relevance(), pad, 14), alone0.relevance(), 1e-5);
                for (int l = 0; l < alone0.layerRelevance().length; l++) {
                    Compare.absolute(
                            m + " padded row, layer " + l,
                            Arrays.copyOfRange(p0.layerRelevance()[l], pad, 14),
                            alone0.layerRelevance()[l],
                            1e-5);
                }
                Compare.absolute(m + " unpadded row", padded.get(1).relevance(), alone1.relevance(), 1e-5);
            }
        }
    }

    @Test
    void checkpointedLayersGiveTheSameRelevance() {
        long[][] ids = Fixtures.rows(Phi3FixtureTest.REF.get("input_ids"));
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer()) {
            DecoderPadding.assertCheckpointedLayersMatch(ex, ids, METHODS);
        }
    }
}
