package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RoBERTa / XLM-R and DistilBERT on bert-tiny-cls's weights rewritten into their layouts ({@link BertLayouts}): where
 * the architectures coincide the relevance equals the fixture's reference (RoBERTa) or the BERT run it was converted
 * from (DistilBERT, which has no token types); what differs (RoBERTa's position ids, DistilBERT's head) is checked by
 * hand.
 */
class BertVariantsTest {

    static final Map<String, TensorData> REF = BertFixtureTest.REF;
    static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    private static ClassifierExplainer explainer(Path dir, LoadOptions options) {
        return new ClassifierExplainer((TextClassifier) AutoModel.fromPretrained(dir, options), null);
    }

    private static Map<String, TensorData> explain(
            Path dir, LoadOptions options, Map<String, TensorData> in, Method m) {
        try (TensorScope s = TensorScope.open();
                ClassifierExplainer ex = explainer(dir, options)) {
            return ex.explainBatch(in, m, BatchOptions.defaults().withLayers(true));
        }
    }

    @Test
    void robertaLayoutReproducesTheBertReference() throws IOException {
        Path dir = BertLayouts.roberta(tmp.resolve("roberta"), "roberta");
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> out = explain(dir, F32, BertFixtureTest.inputs(), m);
            Compare.absolute(
                    "roberta logits",
                    out.get("logits").toDoubles(),
                    REF.get("logits").toDoubles(),
                    1e-4);
            for (String suffix : BertFixtureTest.SUFFIXES) {
                String key = m.keyPrefix() + suffix;
                Compare.report(
                        "roberta " + key, out.get(key).toDoubles(), REF.get(key).toDoubles());
                Compare.relevance32(
                        "roberta " + key, out.get(key).toDoubles(), REF.get(key).toDoubles());
            }
        }
        Map<String, TensorData> f64 =
                explain(dir, LoadOptions.of(Backends.djl(), DType.FLOAT64), BertFixtureTest.inputs(), Method.ATTNLRP);
        for (String suffix : BertFixtureTest.SUFFIXES) {
            Compare.relevance(
                    "roberta attnlrp_float64" + suffix,
                    f64.get("attnlrp" + suffix).toDoubles(),
                    REF.get("attnlrp_float64" + suffix).toDoubles(),
                    1e-6,
                    0.999999);
        }
    }

    @Test
    void xlmRobertaLoadsAsRoberta() throws IOException {
        Path dir = BertLayouts.roberta(tmp.resolve("xlmr"), "xlm-roberta");
        Map<String, TensorData> out = explain(dir, F32, BertFixtureTest.inputs(), Method.ATTNLRP);
        Compare.absolute(
                "xlm-r logits", out.get("logits").toDoubles(), REF.get("logits").toDoubles(), 1e-4);
        Compare.relevance32(
                "xlm-r tokens",
                out.get("attnlrp.tokens").toDoubles(),
                REF.get("attnlrp.tokens").toDoubles());
        try (var m = AutoModel.fromPretrained(dir, F32)) {
            assertEquals("roberta", m.family());
        }
    }

    /** HF's create_position_ids_from_input_ids: pad_token_id + 1 + the count of non-pads so far; pads get pad. */
    @Test
    void robertaPositionsCountNonPadTokensFromPadPlusOne() throws IOException {
        Path dir = BertLayouts.roberta(tmp.resolve("roberta"), "roberta");
        try (BertClassifier m = BertClassifier.fromPretrained(dir, F32)) {
            // pad_token_id 0 here: first real position 1; an inner pad keeps 0 and does not count
            assertArrayEquals(
                    new long[] {1, 2, 3, 0, 0, 1, 0, 2, 3, 0},
                    m.encoder().positionIds(new long[] {2, 7, 3, 0, 0, 2, 0, 7, 3, 0}, 2, 5));
            assertEquals(32, m.maxPositions(), "33 rows less the offset pad_token_id + 1");
            long[][] tooLong = new long[1][33];
            SequenceTooLongException e = assertThrows(SequenceTooLongException.class, () -> {
                try (TensorScope s = TensorScope.open()) {
                    m.embed(m.backend().fromLongs(tooLong[0], 1, 33), null);
                }
            });
            assertTrue(e.getMessage().contains("pad_token_id"), e.getMessage());
        }
        try (BertClassifier bert = BertClassifier.fromPretrained(Fixtures.dir("bert-tiny-cls"), F32)) {
            assertArrayEquals(
                    new long[] {0, 1, 2, 3, 4},
                    bert.encoder().positionIds(new long[] {2, 7, 0, 3, 0}, 1, 5),
                    "BERT counts 0..T-1 whatever the ids");
        }
    }

    @Test
    void robertaWithOneTokenTypeRefusesTypeOne() throws IOException {
        Path dir = BertLayouts.roberta(tmp.resolve("roberta1"), "roberta");
        ObjectNode config = (ObjectNode)
                new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        config.put("type_vocab_size", 1);
        Map<String, TensorData> weights = new HashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                weights.put(k, TensorData.ofDoubles(d.toDoubles(), d.dtype(), d.shape()));
            }
        }
        TensorData types = weights.get("roberta.embeddings.token_type_embeddings.weight");
        weights.put(
                "roberta.embeddings.token_type_embeddings.weight",
                TensorData.ofDoubles(Arrays.copyOf(types.toDoubles(), 64), types.dtype(), 1, 64));
        Files.delete(dir.resolve("model.safetensors"));
        BertLayouts.write(dir, config, weights);
        try (ClassifierExplainer ex = explainer(dir, F32)) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainBatch(BertFixtureTest.inputs(), Method.ATTNLRP, BatchOptions.defaults()));
            assertTrue(e.getMessage().contains("token_type_ids"), e.getMessage());
            Map<String, TensorData> zeros = Fixtures.decoderInputs(REF);
            Map<String, TensorData> out = ex.explainBatch(zeros, Method.ATTNLRP, BatchOptions.defaults());
            assertArrayEquals(
                    new long[] {2, 12, 64},
                    out.get("attnlrp.token_type_embeddings").shape(),
                    "without token_type_ids every token has type 0, the one row of the table");
        }
    }

    /** DistilBERT's encoder is BERT's with token type 0 folded into the positions: its token classifier is BERT's. */
    @Test
    void distilbertTokenClassifierEqualsBertWithTokenTypeZero() throws IOException {
        Path distil = BertLayouts.distilbert(tmp.resolve("distil"), false);
        Path bert = BertLayouts.bertToken(tmp.resolve("bert-token"));
        long[] zeros = new long[24];
        Map<String, TensorData> bertIn = Map.of(
                "input_ids",
                REF.get("input_ids"),
                "attention_mask",
                REF.get("attention_mask"),
                "token_type_ids",
                TensorData.ofLongs(zeros, 2, 12));
        Map<String, TensorData> distilIn = Fixtures.decoderInputs(REF);
        for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
            Map<String, TensorData> a = explain(distil, F32, distilIn, m);
            Map<String, TensorData> b = explain(bert, F32, bertIn, m);
            String p = m.keyPrefix();
            assertTrue(!a.containsKey(p + ".token_type_embeddings"), "DistilBERT has no token types");
            Compare.absolute(
                    "distil logits",
                    a.get("logits").toDoubles(),
                    b.get("logits").toDoubles(),
                    1e-5);
            assertArrayEquals(
                    b.get("target_labels").toLongs(), a.get("target_labels").toLongs());
            for (String suffix : new String[] {".tokens", ".embeddings", ".layer.0", ".layer.1"}) {
                Compare.relevance(
                        "distil " + p + suffix,
                        a.get(p + suffix).toDoubles(),
                        b.get(p + suffix).toDoubles(),
                        1e-5,
                        0.99999);
            }
            double[] pos = b.get(p + ".position_embeddings").toDoubles();
            double[] types = b.get(p + ".token_type_embeddings").toDoubles();
            for (int i = 0; i < pos.length; i++) {
                pos[i] += types[i];
            }
            Compare.relevance(
                    "distil " + p + ".position_embeddings (BERT's position + type shares)",
                    a.get(p + ".position_embeddings").toDoubles(),
                    pos,
                    1e-5,
                    0.99999);
        }
    }

    /** DistilBERT's sequence head, computed by hand from the checkpoint: classifier(relu(pre_classifier(h[:, 0]))). */
    @Test
    void distilbertSequenceHeadIsPreClassifierReluClassifier() throws IOException {
        Path dir = BertLayouts.distilbert(tmp.resolve("distil-seq"), true);
        Map<String, TensorData> w = new HashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String k :
                    new String[] {"pre_classifier.weight", "pre_classifier.bias", "classifier.weight", "classifier.bias"
                    }) {
                w.put(k, f.read(k));
            }
        }
        long[][] ids = Fixtures.rows(REF.get("input_ids"));
        long[][] mask = Fixtures.rows(REF.get("attention_mask"));
        try (BertClassifier m = BertClassifier.fromPretrained(dir, LoadOptions.of(Backends.djl(), DType.FLOAT64));
                TensorScope s = TensorScope.open()) {
            assertEquals(TextClassifier.Task.SEQUENCE, m.task());
            TextEmbeddings e =
                    m.embed(m.backend().fromLongs(REF.get("input_ids").toLongs(), 2, 12), null);
            double[] hidden = m.encoder()
                    .forward(e, mask, EncoderOptions.defaults())
                    .value()
                    .toDoubleArray();
            double[] logits =
                    m.forward(e, mask, EncoderOptions.defaults()).value().toDoubleArray();
            double[] wp = w.get("pre_classifier.weight").toDoubles();
            double[] bp = w.get("pre_classifier.bias").toDoubles();
            double[] wc = w.get("classifier.weight").toDoubles();
            double[] bc = w.get("classifier.bias").toDoubles();
            for (int b = 0; b < ids.length; b++) {
                double[] a = new double[64];
                for (int i = 0; i < 64; i++) {
                    double z = bp[i];
                    for (int j = 0; j < 64; j++) {
                        z += wp[i * 64 + j] * hidden[b * 12 * 64 + j];
                    }
                    a[i] = Math.max(z, 0);
                }
                for (int c = 0; c < 3; c++) {
                    double z = bc[c];
                    for (int i = 0; i < 64; i++) {
                        z += wc[c * 64 + i] * a[i];
                    }
                    assertEquals(z, logits[b * 3 + c], 1e-9, "row " + b + " class " + c);
                }
            }
        }
    }

    /**
     * Gradient × input of DistilBERT's sequence classifier against central differences of its logit, at a few word
     * embedding coordinates (float64): the head and the encoder's gradient, independently of the relevance pass.
     */
    @Test
    void distilbertSequenceGradientMatchesFiniteDifferences() throws IOException {
        Path dir = BertLayouts.distilbert(tmp.resolve("distil-fd"), true);
        long[][] mask = Fixtures.rows(REF.get("attention_mask"));
        Map<String, TensorData> in = Fixtures.decoderInputs(REF);
        LoadOptions f64 = LoadOptions.of(Backends.djl(), DType.FLOAT64);
        double[] rel = explain(dir, f64, in, Method.GRADIENT_X_INPUT)
                .get("gradient_x_input.embeddings")
                .toDoubles();
        try (BertClassifier m = BertClassifier.fromPretrained(dir, f64);
                TensorScope s = TensorScope.open()) {
            TextEmbeddings e =
                    m.embed(m.backend().fromLongs(REF.get("input_ids").toLongs(), 2, 12), null);
            double[] logits =
                    m.forward(e, mask, EncoderOptions.defaults()).value().toDoubleArray();
            double[] words = e.words().value().toDoubleArray();
            int[] coords = {3, 64 * 2 + 17, 64 * 5 + 40, 12 * 64 + 9, 12 * 64 + 64 * 7 + 63};
            double h = 1e-5;
            for (int k : coords) {
                int row = k / (12 * 64);
                int cls = argmax(logits, row);
                double[] plus = words.clone();
                double[] minus = words.clone();
                plus[k] += h;
                minus[k] -= h;
                double d = (logit(m, e, plus, mask, row, cls) - logit(m, e, minus, mask, row, cls)) / (2 * h);
                assertEquals(words[k] * d, rel[k], 1e-7, "coordinate " + k);
            }
        }
    }

    private static int argmax(double[] logits, int row) {
        int best = 0;
        for (int c = 1; c < 3; c++) {
            best = logits[row * 3 + c] > logits[row * 3 + best] ? c : best;
        }
        return best;
    }

    private static double logit(BertClassifier m, TextEmbeddings e, double[] words, long[][] mask, int row, int cls) {
        Tensor t = m.backend().fromDoubles(words, DType.FLOAT64, 2, 12, 64);
        TextEmbeddings moved = new TextEmbeddings(Var.constant(t), e.positions(), null);
        return m.forward(moved, mask, EncoderOptions.defaults()).value().toDoubleArray()[row * 3 + cls];
    }

    @Test
    void aBareEncoderCheckpointLoadsAsBertModelOnly() throws IOException {
        try (BertModel encoder = BertModel.fromPretrained(Fixtures.dir("bert-tiny-cls"), F32);
                TensorScope s = TensorScope.open()) {
            TextEmbeddings e = encoder.embed(
                    Backends.djl().fromLongs(REF.get("input_ids").toLongs(), 2, 12),
                    Backends.djl().fromLongs(REF.get("token_type_ids").toLongs(), 2, 12));
            Var hidden = encoder.forward(e, Fixtures.rows(REF.get("attention_mask")), EncoderOptions.defaults());
            assertArrayEquals(new long[] {2, 12, 64}, hidden.shape());
            assertArrayEquals(new long[] {2, 64}, encoder.pool(hidden).shape());
        }
        Path dir = tmp.resolve("bare");
        var config = BertLayouts.fixtureConfig();
        config.putArray("architectures").add("BertModel");
        BertLayouts.write(dir, config, BertLayouts.fixtureWeights());
        UnsupportedModelException e =
                assertThrows(UnsupportedModelException.class, () -> AutoModel.fromPretrained(dir, F32));
        assertTrue(
                e.getMessage().contains("BertModel") && e.getMessage().contains("classification head"), e.getMessage());
    }
}
