package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.EncoderOptions;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.TextEmbeddings;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BERT token classifier (bert-tiny-cls's encoder, its classifier on every token; {@link BertLayouts#bertToken}):
 * logits by hand from the encoder output and the checkpoint's classifier, one explanation per real position at its
 * own argmax, and gradient × input against central differences.
 */
class BertTokenClassificationTest {

    static final Map<String, TensorData> REF = BertFixtureTest.REF;
    static final long[][] IDS = Fixtures.rows(REF.get("input_ids"));
    static final long[][] TYPES = Fixtures.rows(REF.get("token_type_ids"));
    static final long[][] MASK = Fixtures.rows(REF.get("attention_mask"));
    static final LoadOptions F64 = LoadOptions.of(Backends.djl(), DType.FLOAT64);

    @TempDir
    static Path tmp;

    static Path dir;

    @BeforeAll
    static void convert() throws IOException {
        dir = BertLayouts.bertToken(tmp.resolve("token"));
    }

    private static ClassifierExplainer explainer(LoadOptions options) {
        return new ClassifierExplainer(BertClassifier.fromPretrained(dir, options), null);
    }

    private static TextEmbeddings embed(TextClassifier m) {
        return m.embed(
                m.backend().fromLongs(REF.get("input_ids").toLongs(), 2, 12),
                m.backend().fromLongs(REF.get("token_type_ids").toLongs(), 2, 12));
    }

    @Test
    void logitsAreTheClassifierOnEveryToken() {
        double[] w;
        double[] bias;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            w = f.read("classifier.weight").toDoubles();
            bias = f.read("classifier.bias").toDoubles();
        }
        try (BertClassifier m = BertClassifier.fromPretrained(dir, F64);
                TensorScope s = TensorScope.open()) {
            assertEquals(TextClassifier.Task.TOKEN, m.task());
            TextEmbeddings e = embed(m);
            double[] h = m.encoder()
                    .forward(e, MASK, EncoderOptions.defaults())
                    .value()
                    .toDoubleArray();
            Var logits = m.forward(e, MASK, EncoderOptions.defaults());
            assertArrayEquals(new long[] {2, 12, 3}, logits.shape());
            double[] got = logits.value().toDoubleArray();
            for (int t = 0; t < 24; t++) {
                for (int c = 0; c < 3; c++) {
                    double z = bias[c];
                    for (int i = 0; i < 64; i++) {
                        z += w[c * 64 + i] * h[t * 64 + i];
                    }
                    assertEquals(z, got[t * 3 + c], 1e-12, "token " + t + " class " + c);
                }
            }
        }
    }

    @Test
    void everyRealPositionIsExplainedAtItsArgmax() {
        try (ClassifierExplainer ex = explainer(F64)) {
            List<ClassifierExplanation> all = ex.explainIds(IDS, TYPES, MASK, Target.argmax(), Method.ATTNLRP, false);
            assertEquals(12 + 9, all.size(), "12 real tokens in row 0, 9 in row 1");
            double[][] logits = ex.logits(IDS, TYPES, MASK);
            int k = 0;
            for (int b = 0; b < 2; b++) {
                for (int p = 0; p < (b == 0 ? 12 : 9); p++) {
                    ClassifierExplanation e = all.get(k++);
                    assertEquals(b, e.row());
                    assertEquals(p, e.position());
                    double[] at = Arrays.copyOfRange(logits[b], p * 3, p * 3 + 3);
                    assertArrayEquals(at, e.logits(), 1e-12);
                    assertEquals(e.predicted(), e.targetIds()[0]);
                    assertEquals(at[e.predicted()], e.targetValue(), 1e-12);
                }
            }
            ClassifierExplanation one = ex.explainPositions(
                            IDS, TYPES, MASK, 1, new int[] {4}, Target.argmax(), Method.ATTNLRP, false)
                    .get(0);
            assertArrayEquals(all.get(12 + 4).relevance(), one.relevance(), 1e-12);
            assertThrows(
                    InvalidInputException.class,
                    () -> ex.explainPositions(
                            IDS, TYPES, MASK, 1, new int[] {9}, Target.argmax(), Method.ATTNLRP, false),
                    "position 9 of row 1 is padding");
        }
    }

    @Test
    void batchInterfaceWritesOneRowPerExplainedPosition() {
        Map<String, TensorData> in = Map.of(
                "input_ids",
                REF.get("input_ids"),
                "attention_mask",
                REF.get("attention_mask"),
                "token_type_ids",
                REF.get("token_type_ids"));
        try (ClassifierExplainer ex = explainer(LoadOptions.of(Backends.djl(), DType.FLOAT32));
                TensorScope s = TensorScope.open()) {
            Map<String, TensorData> out =
                    ex.explainBatch(in, Method.ATTNLRP, BatchOptions.defaults().withLayers(true));
            assertArrayEquals(new long[] {21, 12}, out.get("attnlrp.tokens").shape());
            assertArrayEquals(
                    new long[] {21, 12, 64}, out.get("attnlrp.layer.1").shape());
            assertArrayEquals(new long[] {2, 12, 3}, out.get("logits").shape());
            long[] rows = out.get("target_rows").toLongs();
            long[] positions = out.get("target_positions").toLongs();
            assertEquals(0, rows[11]);
            assertEquals(11, positions[11]);
            assertEquals(1, rows[20]);
            assertEquals(8, positions[20]);
            List<ClassifierExplanation> lib = ex.explainIds(IDS, TYPES, MASK, Target.argmax(), Method.ATTNLRP, false);
            double[] tokens = out.get("attnlrp.tokens").toDoubles();
            for (int r = 0; r < 21; r++) {
                assertEquals(lib.get(r).targetIds()[0], out.get("target_labels").toLongs()[r]);
                double[] libRow = Arrays.copyOf(lib.get(r).relevance(), 12);
                Compare.relevance32("row " + r, Arrays.copyOfRange(tokens, r * 12, r * 12 + 12), libRow);
            }
        }
    }

    /** Gradient × input of one position's logit against central differences (float64). */
    @Test
    void gradientOfOnePositionMatchesFiniteDifferences() {
        int row = 0;
        int position = 7;
        try (ClassifierExplainer ex = explainer(F64);
                TensorScope s = TensorScope.open()) {
            ClassifierExplanation e = ex.explainPositions(
                            IDS,
                            TYPES,
                            MASK,
                            row,
                            new int[] {position},
                            Target.argmax(),
                            Method.GRADIENT_X_INPUT,
                            false)
                    .get(0);
            int cls = (int) e.targetIds()[0];
            TextClassifier m = ex.model();
            TextEmbeddings emb = embed(m);
            double[] words = emb.words().value().toDoubleArray();
            double h = 1e-5;
            for (int token : new int[] {0, 3, 7, 11}) {
                for (int dim : new int[] {1, 40}) {
                    int k = (row * 12 + token) * 64 + dim;
                    double[] plus = words.clone();
                    double[] minus = words.clone();
                    plus[k] += h;
                    minus[k] -= h;
                    double d = (logit(m, emb, plus, position, cls) - logit(m, emb, minus, position, cls)) / (2 * h);
                    assertEquals(
                            words[k] * d, e.embeddingRelevance()[token][dim], 1e-8, "token " + token + " dim " + dim);
                }
            }
        }
    }

    private static double logit(TextClassifier m, TextEmbeddings e, double[] words, int position, int cls) {
        Tensor t = m.backend().fromDoubles(words, DType.FLOAT64, 2, 12, 64);
        TextEmbeddings moved = new TextEmbeddings(Var.constant(t), e.positions(), e.tokenTypes());
        return m.forward(moved, MASK, EncoderOptions.defaults()).value().toDoubleArray()[position * 3 + cls];
    }
}
