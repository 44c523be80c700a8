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
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    static java.util.stream.Stream<Backend> backends() {
        return io.github.lxt4j.testing.TestBackends.all();
    }

    private static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), backend, dtype), null)) {
            Map<String, TensorData> in = Fixtures.decoderInputs(REF);
            return ex.explainBatch(in, method, BatchOptions.defaults().withLayers(true));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            String p = m.keyPrefix();
            Compare.matches32(backend.name(), out, REF, "logits_last", p, SUFFIXES);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesTightly(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        Compare.matches64(backend.name(), out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
    }
}
