package io.github.lxt4j.models.mixtral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A left-padded row explains like the unpadded one; the padding gets exactly zero relevance. */
class MixtralPaddingTest {

    @Test
    void leftPaddingChangesNothing() {
        Map<String, TensorData> ref = Fixtures.reference("mixtral-tiny");
        long[] all = ref.get("input_ids").toLongs();
        int t = 14;
        long[] padded = new long[2 * (t + 2)];
        long[] mask = new long[2 * (t + 2)];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < t; i++) {
                padded[b * (t + 2) + 2 + i] = all[b * t + i];
                mask[b * (t + 2) + 2 + i] = 1;
            }
        }
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT64)) {
            Map<String, TensorData> plain = new CausalLmExplainer(m, null)
                    .explainBatch(Map.of("input_ids", ref.get("input_ids")), Method.ATTNLRP, BatchOptions.defaults());
            Map<String, TensorData> pad = new CausalLmExplainer(m, null)
                    .explainBatch(
                            Map.of(
                                    "input_ids",
                                    TensorData.ofLongs(padded, 2, t + 2),
                                    "attention_mask",
                                    TensorData.ofLongs(mask, 2, t + 2)),
                            Method.ATTNLRP,
                            BatchOptions.defaults());
            double[] la = plain.get("logits_last").toDoubles();
            double[] lb = pad.get("logits_last").toDoubles();
            // the batch interface takes positions 0..T-1 as HF's forward does; RoPE sees only relative positions, so
            // the padded rows agree up to the float32 rounding of the shifted angles (as in HF)
            for (int i = 0; i < la.length; i++) {
                assertEquals(la[i], lb[i], 1e-6, "logit " + i);
            }
            double[] ra = plain.get("attnlrp.tokens").toDoubles();
            double[] rb = pad.get("attnlrp.tokens").toDoubles();
            for (int b = 0; b < 2; b++) {
                assertEquals(0.0, rb[b * (t + 2)], 0.0, "pad");
                assertEquals(0.0, rb[b * (t + 2) + 1], 0.0, "pad");
                for (int i = 0; i < t; i++) {
                    assertEquals(ra[b * t + i], rb[b * (t + 2) + 2 + i], 1e-6, "row " + b + " position " + i);
                }
            }
        }
    }

    @Test
    void layerCheckpointingGivesTheSameRelevance() {
        Map<String, TensorData> ref = Fixtures.reference("mixtral-tiny");
        long[][] ids = io.github.lxt4j.explain.BatchArrays.rows(ref.get("input_ids"));
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT64)) {
            io.github.lxt4j.explain.CausalLmExplainer ex = new io.github.lxt4j.explain.CausalLmExplainer(m, null);
            var plain = ex.explainIds(ids, null, io.github.lxt4j.explain.Target.argmax(), Method.ATTNLRP, false);
            var ckpt = ex.checkpointLayers(true)
                    .explainIds(ids, null, io.github.lxt4j.explain.Target.argmax(), Method.ATTNLRP, false);
            double[] reference = ref.get("attnlrp_float64.tokens").toDoubles();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < ids[b].length; i++) {
                    assertEquals(plain.get(b).relevance()[i], ckpt.get(b).relevance()[i], 1e-12);
                    assertEquals(reference[b * ids[b].length + i], ckpt.get(b).relevance()[i], 1e-6);
                }
            }
        }
    }
}
