package io.github.lxt4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchArrays;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.CausalLm;
import java.util.List;
import java.util.Map;

/**
 * The padding and checkpointing checks that the decoder families' tests share, on a fixture's two reference rows
 * explained with AttnLRP in float64.
 */
public final class DecoderPadding {
    private DecoderPadding() {}

    /**
     * Rows of {@code t} tokens left-padded by {@code p}: the last logits agree within 1e-6, the pads get exactly 0
     * relevance and the real tokens the unpadded rows' relevance within 1e-6.
     */
    public static void assertLeftPaddingChangesNothing(CausalLm m, Map<String, TensorData> ref, int t, int p) {
        long[] all = ref.get("input_ids").toLongs();
        long[] padded = new long[2 * (t + p)];
        long[] mask = new long[2 * (t + p)];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < t; i++) {
                padded[b * (t + p) + p + i] = all[b * t + i];
                mask[b * (t + p) + p + i] = 1;
            }
        }
        CausalLmExplainer ex = new CausalLmExplainer(m, null);
        Map<String, TensorData> plain = ex.explainBatch(
                Map.of("input_ids", ref.get("input_ids")),
                Method.ATTNLRP,
                BatchOptions.defaults().withLayers(true));
        Map<String, TensorData> pad = ex.explainBatch(
                Map.of(
                        "input_ids",
                        TensorData.ofLongs(padded, 2, t + p),
                        "attention_mask",
                        TensorData.ofLongs(mask, 2, t + p)),
                Method.ATTNLRP,
                BatchOptions.defaults().withLayers(true));
        double[] la = plain.get("logits_last").toDoubles();
        double[] lb = pad.get("logits_last").toDoubles();
        // the batch interface takes positions 0..T-1 as HF's forward does; RoPE sees relative positions only, so the
        // padded rows agree up to the float32 rounding of the shifted angles
        for (int i = 0; i < la.length; i++) {
            assertEquals(la[i], lb[i], 1e-6, "logit " + i);
        }
        for (String key : new String[] {"attnlrp.tokens", "attnlrp.embeddings", "attnlrp.layer.1"}) {
            double[] ra = plain.get(key).toDoubles();
            double[] rb = pad.get(key).toDoubles();
            int width = ra.length / (2 * t);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < p * width; i++) {
                    assertEquals(0.0, rb[b * (t + p) * width + i], 0.0, key + " pad");
                }
                for (int i = 0; i < t * width; i++) {
                    assertEquals(
                            ra[(b * t) * width + i],
                            rb[(b * (t + p) + p) * width + i],
                            1e-6,
                            key + " row " + b + " entry " + i);
                }
            }
        }
    }

    /**
     * For each of {@code methods}, per-layer checkpointing gives the plain relevance of every row of {@code ids},
     * token and layer relevance, within 1e-7 absolute.
     */
    public static void assertCheckpointedLayersMatch(CausalLmExplainer ex, long[][] ids, Method... methods) {
        for (Method m : methods) {
            List<Explanation> plain = ex.checkpointLayers(false).explainIds(ids, null, Target.argmax(), m, true);
            List<Explanation> ckpt = ex.checkpointLayers(true).explainIds(ids, null, Target.argmax(), m, true);
            for (int b = 0; b < ids.length; b++) {
                Compare.absolute(
                        m + " row " + b, ckpt.get(b).relevance(), plain.get(b).relevance(), 1e-7);
                for (int l = 0; l < plain.get(b).layerRelevance().length; l++) {
                    Compare.absolute(
                            m + " row " + b + " layer " + l,
                            ckpt.get(b).layerRelevance()[l],
                            plain.get(b).layerRelevance()[l],
                            1e-7);
                }
            }
        }
    }

    /**
     * Per-layer checkpointing gives the plain relevance within 1e-12, and, when {@code againstReference}, the
     * fixture's {@code attnlrp_float64.tokens} within 1e-6.
     */
    public static void assertCheckpointingChangesNothing(
            CausalLm m, Map<String, TensorData> ref, boolean againstReference) {
        long[][] ids = BatchArrays.rows(ref.get("input_ids"));
        CausalLmExplainer ex = new CausalLmExplainer(m, null);
        List<Explanation> plain = ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
        List<Explanation> ckpt =
                ex.checkpointLayers(true).explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
        double[] reference = ref.get("attnlrp_float64.tokens").toDoubles();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < ids[b].length; i++) {
                assertEquals(plain.get(b).relevance()[i], ckpt.get(b).relevance()[i], 1e-12);
                if (againstReference) {
                    assertEquals(reference[b * ids[b].length + i], ckpt.get(b).relevance()[i], 1e-6);
                }
            }
        }
    }
}
