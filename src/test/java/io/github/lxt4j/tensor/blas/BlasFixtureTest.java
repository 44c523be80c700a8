package io.github.lxt4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two decoder fixtures (llama-tiny: GQA and a gated MLP; gpt2-tiny: weights transposed at load, biases) explained
 * with each BLAS forced: the references hold with OpenBLAS as with libtorch, and OpenBLAS computes the dense layers
 * when forced and none when libtorch is.
 */
class BlasFixtureTest {

    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1"};

    @ParameterizedTest
    @CsvSource({"llama-tiny, TORCH", "llama-tiny, OPENBLAS", "gpt2-tiny, TORCH", "gpt2-tiny, OPENBLAS"})
    void referencesHoldWithEitherBlas(String fixture, BlasLibrary library) {
        Map<String, TensorData> ref = Fixtures.reference(fixture);
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            long before = Blas.openBlasCalls();
            Map<String, TensorData> out = Blas.with(library, () -> run(fixture, ref, m));
            long calls = Blas.openBlasCalls() - before;
            if (library == BlasLibrary.OPENBLAS) {
                assertTrue(calls > 0, "OpenBLAS computed no GEMM of " + fixture);
            } else {
                assertEquals(0, calls, "libtorch forced, yet OpenBLAS ran");
            }
            Compare.matches32(fixture + " " + library.label(), out, ref, "logits_last", m.keyPrefix(), SUFFIXES);
        }
    }

    private static Map<String, TensorData> run(String fixture, Map<String, TensorData> ref, Method method) {
        try (TensorScope s = TensorScope.open()) {
            CausalLm model = (CausalLm) AutoModel.fromPretrained(
                    Fixtures.dir(fixture).toString(), LoadOptions.of(Backends.djl(), DType.FLOAT32));
            try (CausalLmExplainer ex = new CausalLmExplainer(model, null)) {
                return ex.explainBatch(
                        Fixtures.decoderInputs(ref),
                        method,
                        BatchOptions.defaults().withLayers(true));
            }
        }
    }
}
