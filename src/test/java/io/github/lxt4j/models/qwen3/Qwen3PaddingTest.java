package io.github.lxt4j.models.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchArrays;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
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
        long[] all = REF.get("input_ids").toLongs();
        int t = 14;
        int p = 3;
        long[] padded = new long[2 * (t + p)];
        long[] mask = new long[2 * (t + p)];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < t; i++) {
                padded[b * (t + p) + p + i] = all[b * t + i];
                mask[b * (t + p) + p + i] = 1;
            }
        }
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(
                        folder(window), LoadOptions.of(Backends.djl(), DType.FLOAT64))) {
            CausalLmExplainer ex = new CausalLmExplainer(m, null);
            Map<String, TensorData> plain = ex.explainBatch(
                    Map.of("input_ids", REF.get("input_ids")),
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
            // the batch interface takes positions 0..T-1 as HF's forward does; RoPE sees relative positions only, so
            // the
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
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void layerCheckpointingGivesTheSameRelevance(boolean window) {
        long[][] ids = BatchArrays.rows(REF.get("input_ids"));
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(
                        folder(window), LoadOptions.of(Backends.djl(), DType.FLOAT64))) {
            CausalLmExplainer ex = new CausalLmExplainer(m, null);
            List<Explanation> plain = ex.explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            List<Explanation> ckpt =
                    ex.checkpointLayers(true).explainIds(ids, null, Target.argmax(), Method.ATTNLRP, false);
            double[] reference = REF.get("attnlrp_float64.tokens").toDoubles();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < ids[b].length; i++) {
                    assertEquals(plain.get(b).relevance()[i], ckpt.get(b).relevance()[i], 1e-12);
                    if (!window) {
                        assertEquals(
                                reference[b * ids[b].length + i], ckpt.get(b).relevance()[i], 1e-6);
                    }
                }
            }
        }
    }
}
