package io.github.lxt4j.explain;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** DJL and ND4J give the same relevance for the same model in float64 (≤ 1e-9 relative), for every method. */
class BackendAgreementTest {

    private static Map<String, TensorData> run(
            Function<Backend, BatchExplainable> load, Map<String, TensorData> in, Method m, Backend backend) {
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = load.apply(backend)) {
            return ex.explainBatch(in, m, BatchOptions.defaults().withLayers(true));
        }
    }

    private static void agree(Function<Backend, BatchExplainable> load, Map<String, TensorData> in, Method[] methods) {
        for (Method m : methods) {
            Map<String, TensorData> djl = run(load, in, m, Backends.djl());
            Map<String, TensorData> nd4j = run(load, in, m, Backends.nd4j());
            for (String key : djl.keySet()) {
                Compare.relevance(
                        m + " " + key, nd4j.get(key).toDoubles(), djl.get(key).toDoubles(), 1e-9, 0.999999999);
            }
        }
    }

    @Test
    void llamaTinyAgreesAcrossBackends() {
        Map<String, TensorData> ref = Fixtures.reference("llama-tiny");
        agree(
                b -> new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), b, DType.FLOAT64), null),
                Fixtures.decoderInputs(ref),
                new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT});
    }

    @Test
    void openClipTinyAgreesAcrossBackends() {
        Map<String, TensorData> ref = Fixtures.reference("openclip-tiny");
        agree(
                b -> new ClipExplainer(ClipModel.fromPretrained(Fixtures.dir("openclip-tiny"), b, DType.FLOAT64)),
                Map.of("image", ref.get("image"), "text", ref.get("text")),
                new Method[] {Method.CP_LRP_GAMMA, Method.GRADIENT_X_INPUT});
    }
}
