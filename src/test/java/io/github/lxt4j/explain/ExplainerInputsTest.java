package io.github.lxt4j.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 12, item 7: every explainer entry point checks its inputs with the one {@link InputValidator}: a mask of
 * another shape, an empty batch, a zero-length sequence, an all-zero mask row and ragged rows are typed errors naming
 * the input, never an IndexOutOfBounds, a raw PyTorch error or a silent explanation.
 */
class ExplainerInputsTest {

    private static final long[][] IDS = {{5, 6, 7}, {8, 9, 10}};

    private static BatchExplainable load(String fixture) {
        return Explainers.load(Fixtures.dir(fixture), LoadOptions.of(Backends.djl(), DType.FLOAT32));
    }

    private static TensorData longs(long[][] rows, long... shape) {
        long[] flat = new long[(int) (shape[0] * shape[1])];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        return TensorData.ofLongs(flat, shape);
    }

    private static Map<String, TensorData> inputs(Object... keyValues) {
        Map<String, TensorData> in = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            in.put((String) keyValues[i], (TensorData) keyValues[i + 1]);
        }
        return in;
    }

    private static String fails(Executable call) {
        return assertThrows(InvalidInputException.class, call).getMessage();
    }

    @Test
    void decoderBatchModeChecksItsInputs() {
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = load("llama-tiny")) {
            BatchOptions o = BatchOptions.defaults();
            TensorData ids = longs(IDS, 2, 3);
            assertEquals(
                    "attention_mask has 1 rows for 2 rows of ids; expected the shape of the ids, [2, 3]",
                    fails(() -> ex.explainBatch(
                            inputs("input_ids", ids, "attention_mask", longs(new long[][] {{1, 1, 1}}, 1, 3)),
                            Method.ATTNLRP,
                            o)));
            assertEquals(
                    "attention_mask row 0 has 4 entries for 3 ids; expected the shape of the ids",
                    fails(() -> ex.explainBatch(
                            inputs(
                                    "input_ids",
                                    ids,
                                    "attention_mask",
                                    longs(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 1}}, 2, 4)),
                            Method.ATTNLRP,
                            o)));
            assertEquals(
                    "attention_mask must have 2 dimensions, got shape [6]",
                    fails(() -> ex.explainBatch(
                            inputs(
                                    "input_ids",
                                    ids,
                                    "attention_mask",
                                    TensorData.ofLongs(new long[] {1, 1, 1, 1, 1, 1}, 6)),
                            Method.ATTNLRP,
                            o)));
            assertEquals(
                    "input_ids has an empty dimension: shape [0, 3]",
                    fails(() -> ex.explainBatch(
                            inputs("input_ids", TensorData.ofLongs(new long[0], 0, 3)), Method.ATTNLRP, o)));
            assertEquals(
                    "input_ids has an empty dimension: shape [2, 0]",
                    fails(() -> ex.explainBatch(
                            inputs("input_ids", TensorData.ofLongs(new long[0], 2, 0)), Method.CP_LRP, o)));
            assertEquals(
                    "attention_mask row 1 is all zeros: the row has no token to explain",
                    fails(() -> ex.explainBatch(
                            inputs(
                                    "input_ids",
                                    ids,
                                    "attention_mask",
                                    longs(new long[][] {{1, 1, 1}, {0, 0, 0}}, 2, 3)),
                            Method.ATTNLRP,
                            o)));
        }
    }

    @Test
    void decoderLibraryEntryPointsCheckTheirInputs() {
        try (TensorScope s = TensorScope.open();
                BatchExplainable loaded = load("llama-tiny")) {
            CausalLmExplainer ex = loaded.accept(new Only<CausalLmExplainer>("causal-lm"));
            assertEquals(
                    "ragged input_ids: row 1 has 2 ids, row 0 has 3 (left-pad and pass an attention mask)",
                    fails(() -> ex.explainIds(
                            new long[][] {{1, 2, 3}, {4, 5}}, null, Target.argmax(), Method.ATTNLRP, false)));
            assertEquals(
                    "attention_mask row 0 is all zeros: the row has no token to explain",
                    fails(() -> ex.explainIds(
                            IDS, new long[][] {{0, 0, 0}, {1, 1, 1}}, Target.argmax(), Method.ATTNLRP, false)));
            assertEquals(
                    "input_ids is an empty batch: at least one row is needed",
                    fails(() -> ex.explainIds(new long[0][], null, Target.argmax(), Method.ATTNLRP, false)));
            assertEquals(
                    "input_ids row 0 is empty: at least one token is needed", fails(() -> ex.generate(new long[0], 1)));
        }
    }

    @Test
    void t5EntryPointsUseTheSameValidator() {
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = load("t5-gated")) {
            TensorData dec = longs(new long[][] {{0}, {0}}, 2, 1);
            assertEquals(
                    "attention_mask row 1 is all zeros: the row has no token to explain",
                    fails(() -> ex.explainBatch(
                            inputs(
                                    "input_ids",
                                    longs(IDS, 2, 3),
                                    "decoder_input_ids",
                                    dec,
                                    "attention_mask",
                                    longs(new long[][] {{1, 1, 1}, {0, 0, 0}}, 2, 3)),
                            Method.ATTNLRP,
                            BatchOptions.defaults())));
            assertEquals(
                    "attention_mask has 1 rows for 2 rows of ids; expected the shape of the ids, [2, 3]",
                    fails(() -> ex.explainBatch(
                            inputs(
                                    "input_ids",
                                    longs(IDS, 2, 3),
                                    "decoder_input_ids",
                                    dec,
                                    "attention_mask",
                                    longs(new long[][] {{1, 1, 1}}, 1, 3)),
                            Method.ATTNLRP,
                            BatchOptions.defaults())));
            assertEquals(
                    "input_ids has an empty dimension: shape [0, 3]",
                    fails(() -> ex.explainBatch(
                            inputs("input_ids", TensorData.ofLongs(new long[0], 0, 3), "decoder_input_ids", dec),
                            Method.ATTNLRP,
                            BatchOptions.defaults())));
            T5Explainer t5 = ex.accept(new Only<T5Explainer>("seq2seq"));
            assertEquals(
                    "attention_mask row 0 is all zeros: the row has no token to explain",
                    fails(() -> t5.explainIds(
                            new long[][] {{5, 6}},
                            new long[][] {{0, 0}},
                            new long[][] {{0}},
                            Target.argmax(),
                            Method.ATTNLRP)));
        }
    }

    @Test
    void clipRefusesAnEmptyBatch() {
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = load("openclip-tiny")) {
            ex.accept(new Only<ClipExplainer>("clip"));
            Map<String, TensorData> ref = Fixtures.reference("openclip-tiny");
            TensorData image = ref.get("image");
            long[] empty = image.shape().clone();
            empty[0] = 0;
            Map<String, TensorData> in =
                    inputs("image", TensorData.ofDoubles(new double[0], image.dtype(), empty), "text", ref.get("text"));
            assertThrows(
                    io.github.lxt4j.Lxt4jException.class,
                    () -> ex.explainBatch(in, Method.CP_LRP, BatchOptions.defaults()));
        }
    }

    /** The explainer of a loaded model, asserted to be of one kind ({@code causal-lm}, {@code seq2seq}, {@code clip}). */
    static final class Only<E extends BatchExplainable> implements ExplainerVisitor<E> {
        private final String kind;

        Only(String kind) {
            this.kind = kind;
        }

        @Override
        public E visitCausalLm(CausalLmExplainer e) {
            return pick("causal-lm", e);
        }

        @Override
        public E visitSeq2Seq(T5Explainer e) {
            return pick("seq2seq", e);
        }

        @Override
        public E visitClip(ClipExplainer e) {
            return pick("clip", e);
        }

        @Override
        public E visitTextClassifier(ClassifierExplainer e) {
            return pick("text-classifier", e);
        }

        @Override
        public E visitImageClassifier(ImageClassifierExplainer e) {
            return pick("image-classifier", e);
        }

        @SuppressWarnings("unchecked")
        private E pick(String visited, BatchExplainable e) {
            assertEquals(kind, visited, "the explainer's kind");
            return (E) e;
        }
    }
}
