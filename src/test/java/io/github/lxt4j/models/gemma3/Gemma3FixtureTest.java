package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
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

/**
 * gemma3-tiny (fixtures README §F3), loaded through {@link AutoModel}: logits and the relevance of every method the
 * fixture holds (tokens, scaled embeddings, the input of each of the 3 layers) against the reference.
 */
class Gemma3FixtureTest {

    static final Map<String, TensorData> REF = Gemma3Folders.REF;
    static final String[] SUFFIXES = {".tokens", ".embeddings", ".layer.0", ".layer.1", ".layer.2"};

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    private static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        return Gemma3Folders.explain(Fixtures.dir(Gemma3Folders.FIXTURE), LoadOptions.of(backend, dtype), method);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void registryLoadsTheFixtureAsGemma3(Backend backend) {
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(
                        Fixtures.dir(Gemma3Folders.FIXTURE), LoadOptions.of(backend, DType.FLOAT32))) {
            Gemma3ForCausalLM g = assertInstanceOf(Gemma3ForCausalLM.class, m);
            assertEquals("gemma3", g.family());
            assertEquals(3, g.numLayers());
            assertEquals(320, g.vocabSize());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            String p = m.keyPrefix();
            Compare.matches32(backend.name(), out, REF, "logits_last", p, SUFFIXES);
            assertEquals(DType.FLOAT32, out.get(p + ".embeddings").dtype());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesTightly(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        Compare.matches64(backend.name(), out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
        assertEquals(DType.FLOAT64, out.get("attnlrp.embeddings").dtype());
    }
}
