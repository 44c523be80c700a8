package io.github.lxt4j.models.phi3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.TestBackends;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** phi3-tiny: logits and every method's relevance (tokens, embeddings, layer inputs) against the reference. */
class Phi3FixtureTest {

    static final String FIXTURE = "phi3-tiny";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    static Map<String, TensorData> inputs() {
        return Fixtures.decoderInputs(REF);
    }

    private static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        Phi3ForCausalLM.fromPretrained(Fixtures.dir(FIXTURE), backend, dtype), null)) {
            return ex.explainBatch(inputs(), method, BatchOptions.defaults().withLayers(true));
        }
    }

    private static void assertFloat32(String who, Map<String, TensorData> out, String prefix) {
        Compare.matches32(who, out, REF, "logits_last", prefix, SUFFIXES);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            assertFloat32(backend.name(), out, m.keyPrefix());
            assertEquals(DType.FLOAT32, out.get(m.keyPrefix() + ".embeddings").dtype());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesTightly(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        Compare.matches64(backend.name(), out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
        assertEquals(DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
    }

    @Test
    void autoModelLoadsItAsPhi3AndExplainsTheSame() {
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(
                        Fixtures.dir(FIXTURE), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            Phi3ForCausalLM phi3 = assertInstanceOf(Phi3ForCausalLM.class, m);
            assertEquals("phi3", phi3.family());
            assertEquals(16, phi3.phi3Config().rotaryDim());
            BatchExplainable ex = Explainers.of(m, null);
            Map<String, TensorData> out = ex.explainBatch(
                    inputs(), Method.ATTNLRP, BatchOptions.defaults().withLayers(true));
            assertFloat32("AutoModel", out, "attnlrp");
        }
    }
}
