package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.ShortRowBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Left padding: a padded row explains like the row alone and its pads get exactly zero, with the sliding window
 * (W = 4) shorter than the row, so the window and the padding mask act together. Per-layer checkpointing changes
 * nothing.
 */
class Gemma3PaddingTest {

    private static CausalLmExplainer explainer(DType dtype) {
        return new CausalLmExplainer(
                Gemma3ForCausalLM.fromPretrained(
                        Fixtures.dir(Gemma3Folders.FIXTURE), LoadOptions.of(Backends.djl(), dtype)),
                null);
    }

    @Test
    void leftPaddedRowsMatchRowsAlone() {
        long[][] full = Fixtures.rows(Gemma3Folders.REF.get("input_ids"));
        ShortRowBatch rows = ShortRowBatch.of(full, 5);
        long[] shortRow = rows.shortRow();
        long[][] batch = rows.batch();
        long[][] mask = rows.mask();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer(DType.FLOAT32)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
                List<Explanation> padded = ex.explainIds(batch, mask, Target.argmax(), m, true);
                Explanation alone0 = ex.explainIds(new long[][] {shortRow}, null, Target.argmax(), m, true)
                        .get(0);
                Explanation alone1 = ex.explainIds(new long[][] {full[1]}, null, Target.argmax(), m, true)
                        .get(0);
                double[] r0 = padded.get(0).relevance();
                for (int i = 0; i < 5; i++) {
                    assertEquals(0.0, r0[i], 0.0, m + ": pad position " + i + " must carry exactly zero relevance");
                    for (double d : padded.get(0).embeddingRelevance()[i]) {
                        assertEquals(0.0, d, 0.0, m + ": pad embedding " + i);
                    }
                }
                Compare.relevance(
                        m + " padded row 0", Arrays.copyOfRange(r0, 5, 14), alone0.relevance(), 1e-5, 0.99999);
                Compare.relevance(m + " row 1", padded.get(1).relevance(), alone1.relevance(), 1e-5, 0.99999);
                assertEquals(alone0.targetIds()[0], padded.get(0).targetIds()[0]);
                assertEquals(alone0.targetValue(), padded.get(0).targetValue(), 1e-5);
                for (int layer = 0; layer < 3; layer++) {
                    double[] padLayer = padded.get(0).layerRelevance()[layer];
                    Compare.relevance(
                            m + " padded row 0 layer " + layer,
                            Arrays.copyOfRange(padLayer, 5, 14),
                            alone0.layerRelevance()[layer],
                            1e-5,
                            0.99999);
                }
            }
        }
    }

    @Test
    void layerCheckpointingGivesTheSameRelevance() {
        long[][] ids = Fixtures.rows(Gemma3Folders.REF.get("input_ids"));
        double[] reference = Gemma3Folders.REF.get("attnlrp_float64.tokens").toDoubles();
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = explainer(DType.FLOAT64)) {
            List<Explanation> plain = ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            List<Explanation> ckpt =
                    ex.checkpointLayers(true).explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < ids[b].length; i++) {
                    assertEquals(plain.get(b).relevance()[i], ckpt.get(b).relevance()[i], 1e-12);
                }
                Compare.relevance(
                        "checkpointed row " + b,
                        ckpt.get(b).relevance(),
                        Arrays.copyOfRange(reference, b * ids[b].length, (b + 1) * ids[b].length),
                        1e-6,
                        0.999999);
            }
        }
    }
}
