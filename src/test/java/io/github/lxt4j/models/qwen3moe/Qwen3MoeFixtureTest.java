package io.github.lxt4j.models.qwen3moe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * qwen3moe-tiny: logits and the attnlrp / gradient_x_input / attnlrp_float64 relevances against the reference (the
 * fixture has no cp_lrp: LXT defines none for Qwen3-MoE), loaded by the family and through the registry.
 */
class Qwen3MoeFixtureTest {

    static final String FIXTURE = "qwen3moe-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static Map<String, TensorData> run(CausalLm model, Method method) {
        Map<String, TensorData> in = Fixtures.decoderInputs(REF);
        return new CausalLmExplainer(model, null)
                .explainBatch(in, method, BatchOptions.defaults().withLayers(true));
    }

    static Map<String, TensorData> run(DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                Qwen3MoeForCausalLM m =
                        Qwen3MoeForCausalLM.fromPretrained(Fixtures.dir(FIXTURE), Backends.djl(), dtype)) {
            return run(m, method);
        }
    }

    @Test
    void float32MethodsMatchReference() {
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(DType.FLOAT32, m);
            Compare.fixture32("djl", out, REF, m.keyPrefix(), SUFFIXES);
            assertEquals(DType.FLOAT32, out.get(m.keyPrefix() + ".embeddings").dtype());
        }
    }

    @Test
    void float64AttnLrpMatchesTightly() {
        Map<String, TensorData> out = run(DType.FLOAT64, Method.ATTNLRP);
        Compare.matches64("djl", out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
    }

    @Test
    void theRegistryLoadsItAsQwen3Moe() {
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(
                        Fixtures.dir(FIXTURE), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            assertEquals("qwen3_moe", m.family());
            Qwen3MoeForCausalLM moe = (Qwen3MoeForCausalLM) m;
            assertEquals(2, moe.moeBlocks().size(), "decoder_sparse_step 1, no mlp_only_layers: every layer");
            assertTrue(moe.moeBlocks().get(0).renormalizes(), "norm_topk_prob true");
            Compare.fixture32("djl registry", run(moe, Method.ATTNLRP), REF, "attnlrp", SUFFIXES);
        }
    }

    /**
     * CP-LRP has no reference here. lxt4j runs it as on Mixtral (rules by op kind): the router softmax is stopped and
     * expert_mul stays uniform, so half of each expert output's relevance goes to the routing weights and stops.
     */
    @Test
    void cpLrpRunsByOpKindAsOnMixtral() {
        Map<String, TensorData> cp = run(DType.FLOAT32, Method.CP_LRP);
        Compare.absolute(
                "cp_lrp logits",
                cp.get("logits_last").toDoubles(),
                REF.get("logits_last").toDoubles(),
                1e-4);
        double[] tokens = cp.get("cp_lrp.tokens").toDoubles();
        for (double v : tokens) {
            assertTrue(Double.isFinite(v));
        }
        assertFalse(
                Compare.measure(tokens, REF.get("attnlrp.tokens").toDoubles()).cosine() > 0.9999,
                "cp_lrp should differ from attnlrp");
    }
}
