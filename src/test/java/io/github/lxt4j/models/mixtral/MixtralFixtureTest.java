package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.TestBackends;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** mixtral-tiny: logits and the attnlrp / gradient_x_input / attnlrp_float64 relevances against the reference. */
class MixtralFixtureTest {

    static final Map<String, TensorData> REF = Fixtures.reference("mixtral-tiny");
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m =
                        MixtralForCausalLM.fromPretrained(Fixtures.dir("mixtral-tiny"), backend, dtype)) {
            Map<String, TensorData> in = Fixtures.decoderInputs(REF);
            return new CausalLmExplainer(m, null)
                    .explainBatch(in, method, BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            String p = m.keyPrefix();
            Compare.fixture32(backend.name(), out, REF, p, SUFFIXES);
            org.junit.jupiter.api.Assertions.assertEquals(
                    DType.FLOAT32, out.get(p + ".embeddings").dtype());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesTightly(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        for (String suffix : SUFFIXES) {
            double[] a = out.get("attnlrp" + suffix).toDoubles();
            double[] b = REF.get("attnlrp_float64" + suffix).toDoubles();
            Compare.report(backend.name() + " attnlrp_float64" + suffix, a, b);
            Compare.relevance(backend.name() + " attnlrp_float64" + suffix, a, b, 1e-6, 0.999999);
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
    }
}
