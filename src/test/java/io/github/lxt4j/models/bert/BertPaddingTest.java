package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PaddingException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Right padding (a padded row explains as the row alone, pads get exactly 0), left padding refused, per-layer
 * checkpointing (the same relevance) and stored weight formats (nf4, bf16) on bert-tiny-cls and its RoBERTa layout.
 */
class BertPaddingTest {

    static final Map<String, TensorData> REF = BertFixtureTest.REF;
    static final long[][] IDS = Fixtures.rows(REF.get("input_ids"));
    static final long[][] TYPES = Fixtures.rows(REF.get("token_type_ids"));
    static final long[][] MASK = Fixtures.rows(REF.get("attention_mask"));
    static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    private static ClassifierExplainer explainer(Path dir, LoadOptions options) {
        return new ClassifierExplainer(BertClassifier.fromPretrained(dir, options), null);
    }

    /** Row 1 of the fixture (9 tokens, 3 pads) in the padded batch and alone. */
    private static void paddedRowEqualsRowAlone(Path dir) {
        long[][] alone = {Arrays.copyOf(IDS[1], 9)};
        long[][] aloneTypes = {Arrays.copyOf(TYPES[1], 9)};
        try (ClassifierExplainer ex = explainer(dir, F32)) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
                ClassifierExplanation padded = ex.explainIds(IDS, TYPES, MASK, Target.argmax(), m, true)
                        .get(1);
                ClassifierExplanation single = ex.explainIds(alone, aloneTypes, null, Target.argmax(), m, true)
                        .get(0);
                assertArrayEquals(single.targetIds(), padded.targetIds());
                assertEquals(single.targetValue(), padded.targetValue(), 1e-6);
                Compare.relevance(dir + " " + m + " words", padded.relevance(), single.relevance(), 1e-5, 0.99999);
                Compare.relevance(
                        m + " positions", padded.positionRelevance(), single.positionRelevance(), 1e-5, 0.99999);
                Compare.relevance(
                        m + " types", padded.tokenTypeRelevance(), single.tokenTypeRelevance(), 1e-5, 0.99999);
                for (int l = 0; l < 2; l++) {
                    Compare.relevance(
                            m + " layer " + l, padded.layerRelevance()[l], single.layerRelevance()[l], 1e-5, 0.99999);
                }
            }
        }
    }

    @Test
    void paddedRowExplainsAsTheRowAlone() {
        paddedRowEqualsRowAlone(Fixtures.dir("bert-tiny-cls"));
    }

    @Test
    void robertaPaddedRowExplainsAsTheRowAlone() throws IOException {
        paddedRowEqualsRowAlone(BertLayouts.roberta(tmp.resolve("roberta"), "roberta"));
    }

    @Test
    void padsGetExactlyZero() {
        Map<String, TensorData> in = BertFixtureTest.inputs();
        try (ClassifierExplainer ex = explainer(Fixtures.dir("bert-tiny-cls"), F32);
                TensorScope s = TensorScope.open()) {
            for (Method m : new Method[] {Method.ATTNLRP, Method.GRADIENT_X_INPUT}) {
                Map<String, TensorData> out =
                        ex.explainBatch(in, m, BatchOptions.defaults().withLayers(true));
                for (String suffix : new String[] {
                    ".embeddings", ".position_embeddings", ".token_type_embeddings", ".layer.0", ".layer.1"
                }) {
                    double[] v = out.get(m.keyPrefix() + suffix).toDoubles();
                    for (int i = (12 + 9) * 64; i < 24 * 64; i++) {
                        assertEquals(0.0, v[i], 0, m.keyPrefix() + suffix + " at a pad");
                    }
                }
            }
        }
    }

    /** The explainer's own right padding of ragged rows gives each row's explanation alone. */
    @Test
    void raggedRowsArePaddedOnTheRight() {
        try (ClassifierExplainer ex = explainer(Fixtures.dir("bert-tiny-cls"), F32)) {
            long[][] ragged = {IDS[0], Arrays.copyOf(IDS[1], 9)};
            List<ClassifierExplanation> out = ex.explainRagged(ragged, Target.argmax(), Method.ATTNLRP);
            for (int b = 0; b < 2; b++) {
                ClassifierExplanation alone = ex.explainIds(
                                new long[][] {ragged[b]}, null, null, Target.argmax(), Method.ATTNLRP, false)
                        .get(0);
                Compare.relevance("row " + b, out.get(b).relevance(), alone.relevance(), 1e-5, 0.99999);
                assertEquals(ragged[b].length, out.get(b).tokens().length);
            }
        }
    }

    @Test
    void leftPaddingIsRefused() {
        long[][] ids = {{0, 0, 2, 5, 3}};
        long[][] mask = {{0, 0, 1, 1, 1}};
        try (ClassifierExplainer ex = explainer(Fixtures.dir("bert-tiny-cls"), F32)) {
            PaddingException e = assertThrows(
                    PaddingException.class,
                    () -> ex.explainIds(ids, null, mask, Target.argmax(), Method.ATTNLRP, false));
            assertTrue(e.getMessage().contains("right padding"), e.getMessage());
        }
    }

    @Test
    void checkpointedLayersGiveTheSameRelevance() {
        Map<String, TensorData> in = BertFixtureTest.inputs();
        try (ClassifierExplainer plain = explainer(Fixtures.dir("bert-tiny-cls"), F32);
                ClassifierExplainer ckpt =
                        explainer(Fixtures.dir("bert-tiny-cls"), F32).checkpointLayers(true);
                TensorScope s = TensorScope.open()) {
            BatchOptions opts = BatchOptions.defaults().withLayers(true);
            Map<String, TensorData> a = plain.explainBatch(in, Method.ATTNLRP, opts);
            Map<String, TensorData> b = ckpt.explainBatch(in, Method.ATTNLRP, opts);
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).toDoubles(), b.get(k).toDoubles(), 1e-6, k);
            }
        }
    }

    /** The float32 argmax classes: nf4 flips row 1's close call (0.478 vs 0.420), so the target is fixed. */
    static final BatchOptions TARGETS = BatchOptions.defaults().withTarget(new long[] {0, 1});

    /**
     * How close each format's relevance stays to float32's on this checkpoint: its 64-wide random weights (std 0.1)
     * lose the most to 4-bit blocks of 64, and its logits are small (0.28, 0.48), so 4-bit moves the relevance most.
     */
    static final Map<WeightFormat, Double> MIN_COSINE =
            Map.of(WeightFormat.BF16, 0.9999, WeightFormat.INT8, 0.999, WeightFormat.NF4, 0.98, WeightFormat.FP4, 0.95);

    /** Every stored weight format loads and explains; each differs from float32 only by its quantization. */
    @Test
    void storedWeightFormatsRun() {
        Map<String, TensorData> in = BertFixtureTest.inputs();
        double[] f32;
        try (ClassifierExplainer ex = explainer(Fixtures.dir("bert-tiny-cls"), F32);
                TensorScope s = TensorScope.open()) {
            f32 = ex.explainBatch(in, Method.ATTNLRP, TARGETS)
                    .get("attnlrp.embeddings")
                    .toDoubles();
        }
        for (WeightFormat format :
                new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8, WeightFormat.NF4, WeightFormat.FP4}) {
            try (ClassifierExplainer ex = explainer(Fixtures.dir("bert-tiny-cls"), F32.withWeights(format));
                    TensorScope s = TensorScope.open()) {
                double[] q = ex.explainBatch(in, Method.ATTNLRP, TARGETS)
                        .get("attnlrp.embeddings")
                        .toDoubles();

                for (double v : q) {
                    assertTrue(Double.isFinite(v), format + ": non-finite relevance");
                }
                Compare.Agreement agreement = Compare.measure(q, f32);
                assertTrue(agreement.cosine() >= MIN_COSINE.get(format), format + ": cosine " + agreement.cosine());
                assertTrue(agreement.relativeError() > 0, format + " must differ from float32");
            }
        }
    }
}
