package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * gpt2-tiny (fixtures README §F4): logits and the attnlrp, cp_lrp and gradient_x_input relevances (tokens,
 * embeddings, both layer inputs) on DJL, attnlrp also on ND4J, and attnlrp_float64 tightly.
 */
class Gpt2FixtureTest {

    static final String NAME = "gpt2-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(NAME);
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static Map<String, TensorData> inputs() {
        return Fixtures.decoderInputs(REF);
    }

    static Map<String, TensorData> run(CausalLm model, Method method) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(model, null)) {
            return ex.explainBatch(inputs(), method, BatchOptions.defaults().withLayers(true));
        }
    }

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        return run(Gpt2LMHeadModel.fromPretrained(Fixtures.dir(NAME), LoadOptions.of(backend, dtype)), method);
    }

    private static void matches32(String who, Map<String, TensorData> out, String prefix) {
        Compare.matches32(who, out, REF, "logits_last", prefix, SUFFIXES);
    }

    @Test
    void float32MethodsMatchTheReferenceOnDjl() {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT32, m);
            matches32("djl", out, m.keyPrefix());
            assertEquals(DType.FLOAT32, out.get(m.keyPrefix() + ".embeddings").dtype());
        }
    }

    @Test
    void attnLrpMatchesTheReferenceOnNd4j() {
        matches32("nd4j", run(Backends.nd4j(), DType.FLOAT32, Method.ATTNLRP), "attnlrp");
    }

    @Test
    void theRegistryLoadsItAsGpt2() {
        CausalLm model = (CausalLm)
                AutoModel.fromPretrained(Fixtures.dir(NAME).toString(), LoadOptions.of(Backends.djl(), DType.FLOAT32));
        assertInstanceOf(Gpt2LMHeadModel.class, model);
        assertEquals("gpt2", model.family());
        assertEquals(64, model.maxPositions());
        assertEquals(2, model.numLayers());
        matches32("djl via AutoModel", run(model, Method.CP_LRP), "cp_lrp");
    }

    @Test
    void float64AttnLrpMatchesTightly() {
        Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT64, Method.ATTNLRP);
        assertEquals(DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
        Compare.matches64("djl", out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
    }
}
