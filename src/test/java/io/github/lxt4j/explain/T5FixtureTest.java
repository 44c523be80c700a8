package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.t5.T5ForConditionalGeneration;
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

/** t5-gated: logits and attnlrp / cp_lrp / gradient_x_input at the encoder and decoder embeddings. */
class T5FixtureTest {

    static final Map<String, TensorData> REF = Fixtures.reference("t5-gated");
    static final String[] SUFFIXES = {".encoder.tokens", ".encoder.embeddings", ".decoder.tokens", ".decoder.embeddings"
    };

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        try (TensorScope s = TensorScope.open();
                T5ForConditionalGeneration m =
                        T5ForConditionalGeneration.fromPretrained(Fixtures.dir("t5-gated"), backend, dtype)) {
            assertTrue(m.headTied(), "the fixture stores no lm_head.weight");
            assertFalse(m.config().scaleDecoderOutputs(), "the fixture's config says scale_decoder_outputs: false");
            Map<String, TensorData> in =
                    Map.of("input_ids", REF.get("input_ids"), "decoder_input_ids", REF.get("decoder_input_ids"));
            return new T5Explainer(m, null).explainBatch(in, method, BatchOptions.defaults());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32MethodsMatchReference(Backend backend) {
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = run(backend, DType.FLOAT32, m);
            String p = m.keyPrefix();
            Compare.fixture32(backend.name(), out, REF, p, SUFFIXES);
            assertEquals(DType.FLOAT32, out.get(p + ".encoder.embeddings").dtype());
        }
    }

    /** float64 compute: the same numbers (float32 reference tolerance), written as F64 arrays. */
    @ParameterizedTest
    @MethodSource("backends")
    void float64AttnLrpMatchesAndIsWrittenAsFloat64(Backend backend) {
        Map<String, TensorData> out = run(backend, DType.FLOAT64, Method.ATTNLRP);
        assertEquals(DType.FLOAT64, out.get("attnlrp.encoder.embeddings").dtype());
        Compare.absolute(
                "logits_last",
                out.get("logits_last").toDoubles(),
                REF.get("logits_last").toDoubles(),
                1e-4);
        for (String suffix : SUFFIXES) {
            Compare.relevance32(
                    backend.name() + " f64 attnlrp" + suffix,
                    out.get("attnlrp" + suffix).toDoubles(),
                    REF.get("attnlrp" + suffix).toDoubles());
        }
    }
}
