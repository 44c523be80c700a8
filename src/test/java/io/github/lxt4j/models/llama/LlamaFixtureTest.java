package io.github.lxt4j.models.llama;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** llama-tiny: logits and every method's relevance (tokens, embeddings, layer inputs) against the reference. */
class LlamaFixtureTest {

    static final Map<String, TensorData> REF = Fixtures.reference("llama-tiny");

    static java.util.stream.Stream<Backend> backends() {
        return io.github.lxt4j.testing.TestBackends.all();
    }

    private static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), backend, dtype), null)) {
            Map<String, TensorData> in =
                    Map.of("input_ids", REF.get("input_ids"), "attention_mask", REF.get("attention_mask"));
            return ex.explainBatch(in, method, BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            Compare.absolute(
                    "logits_last",
                    out.get("logits_last").toDoubles(),
                    REF.get("logits_last").toDoubles(),
                    1e-4);
            String p = m.keyPrefix();
            for (String suffix : new String[] {".tokens", ".embeddings", ".layer.0", ".layer.1"}) {
                Compare.relevance32(
                        backend.name() + " " + p + suffix,
                        out.get(p + suffix).toDoubles(),
                        REF.get(p + suffix).toDoubles());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesTightly(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        for (String suffix : new String[] {".tokens", ".embeddings", ".layer.0", ".layer.1"}) {
            Compare.relevance(
                    backend.name() + " attnlrp_float64" + suffix,
                    out.get("attnlrp" + suffix).toDoubles(),
                    REF.get("attnlrp_float64" + suffix).toDoubles(),
                    1e-6,
                    0.999999);
        }
    }
}
