package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bert-tiny-cls (F7): logits and every method's relevance (tokens, word embeddings, the position and token-type
 * shares, layer inputs) against the reference, on DJL; ND4J spot-checks attnlrp. Loaded through {@link AutoModel}.
 */
class BertFixtureTest {

    static final String FIXTURE = "bert-tiny-cls";
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);
    static final String[] SUFFIXES = {
        ".tokens", ".embeddings", ".position_embeddings", ".token_type_embeddings", ".layer.0", ".layer.1"
    };

    static Map<String, TensorData> inputs() {
        return Map.of(
                "input_ids",
                REF.get("input_ids"),
                "attention_mask",
                REF.get("attention_mask"),
                "token_type_ids",
                REF.get("token_type_ids"));
    }

    static Map<String, TensorData> run(Backend backend, DType dtype, Method method) {
        PretrainedModel model = AutoModel.fromPretrained(Fixtures.dir(FIXTURE), LoadOptions.of(backend, dtype));
        try (TensorScope s = TensorScope.open();
                ClassifierExplainer ex = new ClassifierExplainer((TextClassifier) model, null)) {
            return ex.explainBatch(inputs(), method, BatchOptions.defaults().withLayers(true));
        }
    }

    private static void check(String who, Map<String, TensorData> out, String prefix) {
        Compare.matches32(who, out, REF, "logits", prefix, SUFFIXES);
    }

    @Test
    void registryLoadsTheSequenceClassifier() {
        try (PretrainedModel m =
                AutoModel.fromPretrained(Fixtures.dir(FIXTURE), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            assertEquals("bert", m.family());
            TextClassifier c = (TextClassifier) m;
            assertEquals(TextClassifier.Task.SEQUENCE, c.task());
            assertEquals(List.of("LABEL_0", "LABEL_1", "LABEL_2"), c.labels().names());
            assertEquals(2, c.numLayers());
            assertEquals(2, c.typeVocabSize());
            assertEquals(32, c.maxPositions());
        }
    }

    @Test
    void djlFloat32MethodsMatchReference() {
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            check("djl", run(Backends.djl(), DType.FLOAT32, m), m.keyPrefix());
        }
    }

    @Test
    void djlFloat64AttnLrpMatchesTightly() {
        Map<String, TensorData> out = run(Backends.djl(), DType.FLOAT64, Method.ATTNLRP);
        Compare.absolute(
                "logits f64", out.get("logits").toDoubles(), REF.get("logits").toDoubles(), 1e-6);
        Compare.matches64("djl", out, REF, "attnlrp", "attnlrp_float64", SUFFIXES);
    }

    @Test
    void nd4jSpotCheckAttnLrp() {
        check("nd4j", run(Backends.nd4j(), DType.FLOAT32, Method.ATTNLRP), "attnlrp");
    }
}
