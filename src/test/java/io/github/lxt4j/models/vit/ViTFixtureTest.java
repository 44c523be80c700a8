package io.github.lxt4j.models.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vit-tiny-cls (F8): logits and every method's relevance (pixels, map, layer inputs) against the reference, on DJL;
 * ND4J spot-checks cp_lrp. Loaded through {@link AutoModel}.
 */
class ViTFixtureTest {

    static final String FIXTURE = "vit-tiny-cls";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] SUFFIXES = {".pixels", ".map", ".layer.0", ".layer.1"};

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        PretrainedModel model = AutoModel.fromPretrained(Fixtures.dir(FIXTURE), LoadOptions.of(backend, dtype));
        try (TensorScope s = TensorScope.open();
                ImageClassifierExplainer ex = new ImageClassifierExplainer((ImageClassifier) model)) {
            return ex.explainBatch(
                    Map.of("pixel_values", REF.get("pixel_values")),
                    method,
                    BatchOptions.defaults().withLayers(true));
        }
    }

    private static void check(String who, Map<String, TensorData> out, String prefix) {
        Compare.matches32(who, out, REF, "logits", prefix, SUFFIXES);
    }

    @Test
    void registryLoadsTheImageClassifier() {
        try (PretrainedModel m =
                AutoModel.fromPretrained(Fixtures.dir(FIXTURE), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            assertEquals("vit", m.family());
            ImageClassifier c = (ImageClassifier) m;
            assertEquals(5, c.labels().size());
            assertEquals(32, c.imageSize());
            assertEquals(8, c.patchSize());
            assertEquals(2, c.numLayers());
        }
    }

    @Test
    void djlFloat32MethodsMatchReference() {
        for (Method m : new Method[] {Method.CP_LRP, Method.GRADIENT_X_INPUT}) {
            check("djl", run(Backends.djl(), DType.FLOAT32, m), m.keyPrefix());
        }
    }

    @Test
    void djlFloat64CpLrpMatchesTightly() {
        Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT64, Method.CP_LRP);
        Compare.matches64("djl", out, REF, "cp_lrp", "cp_lrp_float64", SUFFIXES);
    }

    @Test
    void nd4jSpotCheckCpLrp() {
        check("nd4j", run(Backends.nd4j(), DType.FLOAT32, Method.CP_LRP), "cp_lrp");
    }
}
