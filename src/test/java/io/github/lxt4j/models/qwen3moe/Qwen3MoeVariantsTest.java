package io.github.lxt4j.models.qwen3moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.mixtral.MissingExpertException;
import io.github.lxt4j.models.qwen3.FixtureCopies;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.LastLogits;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** qwen3moe-tiny variants: dense layers, routing without renormalisation, the expert-count field, --weights. */
class Qwen3MoeVariantsTest {

    static final String FIXTURE = "qwen3moe-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] PROJ = {"gate_proj", "up_proj", "down_proj"};

    @TempDir
    Path tmp;

    private Path copy(String name, Consumer<ObjectNode> config, Consumer<Map<String, TensorData>> tensors) {
        return FixtureCopies.write(FIXTURE, tmp.resolve(name), config, tensors);
    }

    static double[] lastLogits(Path dir, DType dtype) {
        try (TensorScope s = TensorScope.open();
                Qwen3MoeForCausalLM m = Qwen3MoeForCausalLM.fromPretrained(dir, Backends.djl(), dtype)) {
            return LastLogits.of(m, REF.get("input_ids"));
        }
    }

    /** Layer 0's four experts all become expert 0: with renormalised weights the block is expert 0 itself. */
    private static void uniformExperts(Map<String, TensorData> t) {
        for (int e = 1; e < 4; e++) {
            for (String p : PROJ) {
                t.put(
                        "model.layers.0.mlp.experts." + e + "." + p + ".weight",
                        t.get("model.layers.0.mlp.experts.0." + p + ".weight"));
            }
        }
    }

    /** Layer 0 as a dense MLP holding expert 0's weights, without router and experts. */
    private static void denseLayer0(Map<String, TensorData> t) {
        for (String p : PROJ) {
            t.put("model.layers.0.mlp." + p + ".weight", t.get("model.layers.0.mlp.experts.0." + p + ".weight"));
        }
        t.keySet()
                .removeIf(
                        k -> k.startsWith("model.layers.0.mlp.experts.") || k.equals("model.layers.0.mlp.gate.weight"));
    }

    @Test
    void denseLayersAreThoseTheSparseRuleLeavesOut() {
        double[] moe = lastLogits(copy("uniform", c -> {}, Qwen3MoeVariantsTest::uniformExperts), DType.FLOAT64);
        double[] mlpOnly = lastLogits(
                copy(
                        "mlp-only",
                        c -> {
                            c.put("intermediate_size", 48);
                            c.putArray("mlp_only_layers").add(0);
                        },
                        Qwen3MoeVariantsTest::denseLayer0),
                DType.FLOAT64);
        double[] step = lastLogits(
                copy(
                        "step",
                        c -> c.put("intermediate_size", 48).put("decoder_sparse_step", 2),
                        Qwen3MoeVariantsTest::denseLayer0),
                DType.FLOAT64);
        assertEquals(0, Compare.maxDiff(moe, mlpOnly), 1e-10);
        assertEquals(0, Compare.maxDiff(moe, step), 1e-10);
        assertTrue(
                Compare.maxDiff(moe, REF.get("logits_last").toDoubles()) > 1e-3, "the experts were all equal already");
    }

    @Test
    void withoutNormTopkProbTheRawProbabilitiesWeighTheExperts() {
        Path raw = copy("raw", c -> c.put("norm_topk_prob", false), t -> {});
        try (TensorScope s = TensorScope.open();
                Qwen3MoeForCausalLM m = Qwen3MoeForCausalLM.fromPretrained(raw, Backends.djl(), DType.FLOAT32)) {
            assertFalse(m.moeBlocks().get(0).renormalizes());
        }
        assertTrue(Compare.maxDiff(
                        lastLogits(raw, DType.FLOAT32), REF.get("logits_last").toDoubles())
                > 1e-3);
        // with renormalisation the k weights sum to 1: equal experts give the expert itself for any k
        double[] one = lastLogits(
                copy("one-renorm", c -> c.put("num_experts_per_tok", 1), Qwen3MoeVariantsTest::allUniform),
                DType.FLOAT64);
        double[] two = lastLogits(copy("two-renorm", c -> {}, Qwen3MoeVariantsTest::allUniform), DType.FLOAT64);
        assertEquals(0, Compare.maxDiff(one, two), 1e-10);
    }

    private static void allUniform(Map<String, TensorData> t) {
        for (int l = 0; l < 2; l++) {
            for (int e = 1; e < 4; e++) {
                for (String p : PROJ) {
                    t.put(
                            "model.layers." + l + ".mlp.experts." + e + "." + p + ".weight",
                            t.get("model.layers." + l + ".mlp.experts.0." + p + ".weight"));
                }
            }
        }
    }

    @Test
    void numExpertsReadsLikeNumLocalExperts() {
        Path renamed = copy(
                "renamed",
                c -> {
                    c.remove("num_local_experts");
                    c.put("num_experts", 4);
                },
                t -> {});
        assertArrayEquals(lastLogits(Fixtures.dir(FIXTURE), DType.FLOAT32), lastLogits(renamed, DType.FLOAT32), 0);
    }

    @Test
    void aMissingExpertNamesTheCountAndLayout() {
        Path missing = copy("missing", c -> {}, t -> t.remove("model.layers.1.mlp.experts.2.up_proj.weight"));
        MissingExpertException e = assertThrows(MissingExpertException.class, () -> lastLogits(missing, DType.FLOAT32));
        assertEquals("model.layers.1.mlp.experts.2.up_proj.weight", e.key());
        assertTrue(
                e.getMessage().contains("num_local_experts = 4")
                        && e.getMessage().contains("experts.E.gate_proj/up_proj/down_proj"),
                e.getMessage());
    }

    static Map<String, TensorData> attnLrp(Path dir, WeightFormat format) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        (CausalLm) AutoModel.fromPretrained(
                                dir,
                                LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(format)),
                        null)) {
            return ex.explainBatch(
                    Fixtures.decoderInputs(REF),
                    Method.ATTNLRP,
                    BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nf4", "bf16"})
    void storedWeightsRunAndDifferOnlyByTheirRounding(String name) {
        WeightFormat f = WeightFormat.parse(name);
        Map<String, TensorData> exact = attnLrp(Fixtures.dir(FIXTURE), WeightFormat.F32);
        Map<String, TensorData> stored = attnLrp(Fixtures.dir(FIXTURE), f);
        double[] tokens = stored.get("attnlrp.tokens").toDoubles();
        for (double v : tokens) {
            assertTrue(Double.isFinite(v));
        }
        if (f == WeightFormat.BF16) {
            assertTrue(Compare.measure(tokens, exact.get("attnlrp.tokens").toDoubles())
                            .cosine()
                    >= 0.99);
        }
        assertTrue(Compare.maxDiff(
                        stored.get("logits_last").toDoubles(),
                        exact.get("logits_last").toDoubles())
                > 0);
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
