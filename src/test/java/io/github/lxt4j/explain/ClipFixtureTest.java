package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.openclip.ClipModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** openclip-tiny: similarity and the three methods' relevances at target (0, 1), against the fixture. */
class ClipFixtureTest {

    static final String FIXTURE = ClipFixture.FIXTURE;
    static final String[] KEYS = {".image", ".image.map", ".text.embeddings", ".text.tokens"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.testing.ClipFixture#backends")
    void matchesFixture(Supplier<Backend> backend) {
        Map<String, TensorData> ref = Fixtures.reference(FIXTURE);
        BatchOptions opts = BatchOptions.defaults().withTarget(new long[] {0, 1});
        try (ClipExplainer clip =
                new ClipExplainer(ClipModel.fromPretrained(Fixtures.dir(FIXTURE), backend.get(), DType.FLOAT32))) {
            for (Method m : new Method[] {Method.GRADIENT_X_INPUT, Method.CP_LRP, Method.CP_LRP_GAMMA}) {
                Map<String, TensorData> out = clip.explainBatch(ClipFixture.inputs(ref), m, opts);
                Compare.report(
                        "similarity (" + m.keyPrefix() + ", abs)",
                        out.get("similarity").toDoubles(),
                        ref.get("similarity").toDoubles());
                Compare.absolute(
                        "similarity",
                        out.get("similarity").toDoubles(),
                        ref.get("similarity").toDoubles(),
                        1e-4);
                for (String k : KEYS) {
                    String key = m.keyPrefix() + k;
                    assertEquals(
                            java.util.Arrays.toString(ref.get(key).shape()),
                            java.util.Arrays.toString(out.get(key).shape()),
                            key);
                    Compare.report(key, out.get(key).toDoubles(), ref.get(key).toDoubles());
                    Compare.relevance32(
                            key, out.get(key).toDoubles(), ref.get(key).toDoubles());
                }
            }
        }
    }

    /** float64 compute reproduces the float32 references (at float32 tolerance) and writes F64 outputs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.lxt4j.testing.ClipFixture#backends")
    void float64MatchesFixture(Supplier<Backend> backend) {
        Map<String, TensorData> ref = Fixtures.reference(FIXTURE);
        BatchOptions opts = BatchOptions.defaults().withTarget(new long[] {0, 1});
        try (ClipExplainer clip =
                new ClipExplainer(ClipModel.fromPretrained(Fixtures.dir(FIXTURE), backend.get(), DType.FLOAT64))) {
            Map<String, TensorData> out = clip.explainBatch(ClipFixture.inputs(ref), Method.CP_LRP_GAMMA, opts);
            assertEquals(DType.FLOAT64, out.get("similarity").dtype());
            Compare.absolute(
                    "similarity",
                    out.get("similarity").toDoubles(),
                    ref.get("similarity").toDoubles(),
                    1e-4);
            for (String k : KEYS) {
                String key = Method.CP_LRP_GAMMA.keyPrefix() + k;
                Compare.report(
                        key + " (f64)", out.get(key).toDoubles(), ref.get(key).toDoubles());
                Compare.relevance32(key, out.get(key).toDoubles(), ref.get(key).toDoubles());
            }
        }
    }
}
