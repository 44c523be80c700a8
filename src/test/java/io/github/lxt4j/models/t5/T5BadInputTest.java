package io.github.lxt4j.models.t5;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.WeightShapeException;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configs, checkpoints and inputs fail with typed exceptions that name the field, key or input. */
class T5BadInputTest {

    private static Path fixtureWithConfig(Path dir, String from, String to) throws IOException {
        Path src = Fixtures.dir("t5-gated");
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String cfg = Files.readString(src.resolve("config.json"));
        assertTrue(cfg.contains(from));
        Files.writeString(dir.resolve("config.json"), cfg.replace(from, to));
        return dir;
    }

    @Test
    void unknownFeedForwardProjection(@TempDir Path dir) throws IOException {
        fixtureWithConfig(dir, "\"feed_forward_proj\": \"gated-gelu\"", "\"feed_forward_proj\": \"gated-mish\"");
        UnsupportedModelException e = assertThrows(
                UnsupportedModelException.class,
                () -> T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
        assertTrue(
                e.getMessage().contains("feed_forward_proj") && e.getMessage().contains("gated-mish"), e.getMessage());
    }

    @Test
    void gatedConfigOnReluWeightsNamesTheMissingKey(@TempDir Path dir) throws IOException {
        fixtureWithConfig(dir, "\"feed_forward_proj\": \"gated-gelu\"", "\"feed_forward_proj\": \"relu\"");
        Exception e = assertThrows(
                Exception.class, () -> T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
        assertTrue(e instanceof io.github.lxt4j.Lxt4jException, e.toString());
        assertTrue(e.getMessage().contains("DenseReluDense.wi.weight"), e.getMessage());
    }

    @Test
    void configVocabularyDiffersFromTheEmbeddingTable(@TempDir Path dir) throws IOException {
        fixtureWithConfig(dir, "\"vocab_size\": 320", "\"vocab_size\": 321");
        WeightShapeException e = assertThrows(
                WeightShapeException.class,
                () -> T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
        assertTrue(e.getMessage().contains("shared.weight") && e.getMessage().contains("321"), e.getMessage());
    }

    @Test
    void lmHeadRowsDifferFromVocabSize(@TempDir Path dir) {
        new RandomT5(3, true, RandomT5.VOCAB + 2).write(dir, "\"tie_word_embeddings\": false");
        WeightShapeException e = assertThrows(
                WeightShapeException.class,
                () -> T5ForConditionalGeneration.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
        assertTrue(
                e.getMessage().contains("lm_head.weight") && e.getMessage().contains(String.valueOf(RandomT5.VOCAB)),
                e.getMessage());
    }

    @Test
    void badBatchInputs() {
        Map<String, TensorData> ref = Fixtures.reference("t5-gated");
        try (TensorScope s = TensorScope.open();
                T5ForConditionalGeneration m = T5ForConditionalGeneration.fromPretrained(
                        Fixtures.dir("t5-gated"), Backends.djl(), DType.FLOAT32)) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class,
                    () -> new T5Explainer(m, null)
                            .explainBatch(
                                    Map.of("input_ids", ref.get("input_ids")),
                                    Method.ATTNLRP,
                                    BatchOptions.defaults()));
            assertTrue(e.getMessage().contains("decoder_input_ids"), e.getMessage());

            TensorData tooBig = TensorData.ofLongs(new long[] {5, 320, 7}, 1, 3);
            TensorData dec = TensorData.ofLongs(new long[] {0}, 1, 1);
            Embedding.InvalidTokenIdException bad = assertThrows(
                    Embedding.InvalidTokenIdException.class,
                    () -> new T5Explainer(m, null)
                            .explainBatch(
                                    Map.of("input_ids", tooBig, "decoder_input_ids", dec),
                                    Method.ATTNLRP,
                                    BatchOptions.defaults()));
            assertTrue(bad.getMessage().contains("320"), bad.getMessage());

            TensorData twoRows = TensorData.ofLongs(new long[] {0, 0}, 2, 1);
            assertThrows(
                    InvalidInputException.class,
                    () -> new T5Explainer(m, null)
                            .explainBatch(
                                    Map.of(
                                            "input_ids",
                                            TensorData.ofLongs(new long[] {5, 6, 7}, 1, 3),
                                            "decoder_input_ids",
                                            twoRows),
                                    Method.ATTNLRP,
                                    BatchOptions.defaults()));
            assertThrows(
                    InvalidInputException.class,
                    () -> new T5Explainer(m, null)
                            .explainBatch(
                                    Map.of(
                                            "input_ids",
                                            TensorData.ofLongs(new long[] {5, 6, 7}, 1, 3),
                                            "decoder_input_ids",
                                            dec),
                                    Method.ATTNLRP,
                                    BatchOptions.defaults().withTarget(new long[] {400})));
        }
    }
}
