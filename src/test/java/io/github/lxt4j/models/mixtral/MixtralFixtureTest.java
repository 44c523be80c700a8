package io.github.lxt4j.models.mixtral;

import io.github.lxt4j.explain.BatchOptions;
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
             MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(Fixtures.dir("mixtral-tiny"), backend, dtype)) {
            Map<String, TensorData> in = Map.of("input_ids", REF.get("input_ids"),
                    "attention_mask", REF.get("attention_mask"));
            return m.explainBatch(in, method, BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            double[] la = out.get("logits_last").toDoubles();
            double[] lb = REF.get("logits_last").toDoubles();
            double worst = 0;
            for (int i = 0; i < la.length; i++) {
                worst = Math.max(worst, Math.abs(la[i] - lb[i]));
            }
            System.out.printf("%s %s logits_last max|a-b| = %.2e%n", backend.name(), m.keyPrefix(), worst);
            Compare.absolute(backend.name() + " logits_last", la, lb, 1e-4);
            String p = m.keyPrefix();
            for (String suffix : SUFFIXES) {
                double[] a = out.get(p + suffix).toDoubles();
                double[] b = REF.get(p + suffix).toDoubles();
                Compare.report(backend.name() + " " + p + suffix, a, b);
                Compare.relevance32(backend.name() + " " + p + suffix, a, b);
            }
            org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT32, out.get(p + ".embeddings").dtype());
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
        org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
    }
}
