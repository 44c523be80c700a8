package io.github.lxt4j.models.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * qwen3-tiny: logits and every method's relevance (tokens, embeddings, layer inputs) against the reference, on DJL
 * (all methods, float32 and float64) and ND4J (attnlrp, float32), loaded by the family and through the registry.
 */
class Qwen3FixtureTest {

    static final String FIXTURE = "qwen3-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static Map<String, TensorData> run(CausalLm model, Method method) {
        Map<String, TensorData> in = Fixtures.decoderInputs(REF);
        return new CausalLmExplainer(model, null)
                .explainBatch(in, method, BatchOptions.defaults().withLayers(true));
    }

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                Qwen3ForCausalLM m = Qwen3ForCausalLM.fromPretrained(Fixtures.dir(FIXTURE), backend, dtype)) {
            return run(m, method);
        }
    }

    @Test
    void float32MethodsMatchReferenceOnDjl() {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT32, m);
            Compare.fixture32("djl", out, REF, m.keyPrefix(), SUFFIXES);
            assertEquals(DType.FLOAT32, out.get(m.keyPrefix() + ".embeddings").dtype());
        }
    }

    @Test
    void float64AttnLrpMatchesTightlyOnDjl() {
        Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT64, Method.ATTNLRP);
        Compare.matches64("djl", out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
        assertEquals(DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
    }

    @Test
    void attnLrpMatchesReferenceOnNd4j() {
        Compare.fixture32("nd4j", run(Backends.nd4j(), DType.FLOAT32, Method.ATTNLRP), REF, "attnlrp", SUFFIXES);
    }

    @Test
    void theRegistryLoadsItAsQwen3() {
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(
                        Fixtures.dir(FIXTURE), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            assertEquals("qwen3", m.family());
            Compare.fixture32("djl registry", run((CausalLm) m, Method.ATTNLRP), REF, "attnlrp", SUFFIXES);
        }
    }
}
