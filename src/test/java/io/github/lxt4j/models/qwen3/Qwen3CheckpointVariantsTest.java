package io.github.lxt4j.models.qwen3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.LastLogits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** qwen3-tiny variants: tied head, attention biases, and --weights storage forms. */
class Qwen3CheckpointVariantsTest {

    static final String FIXTURE = "qwen3-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    static double[] lastLogits(Path dir) {
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(dir, F32)) {
            return LastLogits.of(m, REF.get("input_ids"));
        }
    }

    @Test
    void aTiedHeadIsTheEmbeddingTable() {
        Path tied = FixtureCopies.write(
                FIXTURE, tmp.resolve("tied"), c -> c.put("tie_word_embeddings", true), t -> t.remove("lm_head.weight"));
        Path copied = FixtureCopies.write(
                FIXTURE,
                tmp.resolve("copied"),
                c -> {},
                t -> t.put("lm_head.weight", t.get("model.embed_tokens.weight")));
        double[] a = lastLogits(tied);
        assertArrayEquals(lastLogits(copied), a, 0);
        assertTrue(
                Compare.maxDiff(a, REF.get("logits_last").toDoubles()) > 1e-2,
                "the tied head is not the fixture's head");
        Path untiedWithoutHead =
                FixtureCopies.write(FIXTURE, tmp.resolve("headless"), c -> {}, t -> t.remove("lm_head.weight"));
        MissingTensorException e = assertThrows(MissingTensorException.class, () -> lastLogits(untiedWithoutHead));
        assertTrue(e.getMessage().contains("lm_head.weight"), e.getMessage());
    }

    @Test
    void attentionBiasReadsQKVAndOBiases() {
        String[] projections = {"q_proj", "k_proj", "v_proj", "o_proj"};
        long[] widths = {96, 48, 48, 64};
        Path zero = FixtureCopies.write(FIXTURE, tmp.resolve("zero"), c -> c.put("attention_bias", true), t -> {
            for (int l = 0; l < 2; l++) {
                for (int p = 0; p < 4; p++) {
                    t.put(
                            "model.layers." + l + ".self_attn." + projections[p] + ".bias",
                            FixtureCopies.filled(0, widths[p]));
                }
            }
        });
        Compare.absolute("zero biases", lastLogits(zero), REF.get("logits_last").toDoubles(), 1e-4);
        for (int p = 0; p < 4; p++) {
            String key = "model.layers.1.self_attn." + projections[p] + ".bias";
            long width = widths[p];
            Path shifted =
                    FixtureCopies.write(FIXTURE, tmp.resolve("shifted" + p), c -> c.put("attention_bias", true), t -> {
                        for (int l = 0; l < 2; l++) {
                            for (int q = 0; q < 4; q++) {
                                t.put(
                                        "model.layers." + l + ".self_attn." + projections[q] + ".bias",
                                        FixtureCopies.filled(0, widths[q]));
                            }
                        }
                        t.put(key, FixtureCopies.filled(0.5f, width));
                    });
            assertTrue(
                    Compare.maxDiff(lastLogits(shifted), REF.get("logits_last").toDoubles()) > 1e-3, key + " unused");
            Path missing =
                    FixtureCopies.write(FIXTURE, tmp.resolve("missing" + p), c -> c.put("attention_bias", true), t -> {
                        for (int l = 0; l < 2; l++) {
                            for (int q = 0; q < 4; q++) {
                                t.put(
                                        "model.layers." + l + ".self_attn." + projections[q] + ".bias",
                                        FixtureCopies.filled(0, widths[q]));
                            }
                        }
                        t.remove(key);
                    });
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> lastLogits(missing));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    static Map<String, TensorData> attnLrp(Path dir, WeightFormat format) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        (CausalLm) AutoModel.fromPretrained(dir, F32.withWeights(format)), null)) {
            return ex.explainBatch(
                    Fixtures.decoderInputs(REF),
                    Method.ATTNLRP,
                    BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nf4", "bf16", "int8"})
    void storedWeightsRunAndDifferOnlyByTheirRounding(String name) {
        WeightFormat f = WeightFormat.parse(name);
        Map<String, TensorData> exact = attnLrp(Fixtures.dir(FIXTURE), WeightFormat.F32);
        Map<String, TensorData> stored = attnLrp(Fixtures.dir(FIXTURE), f);
        for (String k : new String[] {"attnlrp.tokens", "attnlrp.embeddings", "attnlrp.layer.1"}) {
            double[] a = stored.get(k).toDoubles();
            for (double v : a) {
                assertTrue(Double.isFinite(v), k);
            }
            // 8 and 16 bits stay close to float32; nf4's 4 bits move this tiny random model's relevance far
            // (cosine 0.78 on the tokens): for it the check that counts is the widened model's below
            if (f != WeightFormat.NF4) {
                assertTrue(Compare.measure(a, exact.get(k).toDoubles()).cosine() >= 0.99, f + " " + k);
            }
        }
        assertTrue(
                Compare.maxDiff(
                                stored.get("logits_last").toDoubles(),
                                exact.get("logits_last").toDoubles())
                        > 0,
                f + ": the stored weights changed nothing");
        // and a stored model is the float32 model of its rounded weights
        Path rounded = tmp.resolve("rounded-" + name);
        DequantizedCheckpoint.write(Fixtures.dir(FIXTURE), f, rounded);
        Map<String, TensorData> widened = attnLrp(rounded, WeightFormat.F32);
        for (String k : stored.keySet()) {
            Compare.relevance(
                    f + " vs widened " + k,
                    stored.get(k).toDoubles(),
                    widened.get(k).toDoubles(),
                    1e-5,
                    1 - 1e-5);
        }
    }
}
