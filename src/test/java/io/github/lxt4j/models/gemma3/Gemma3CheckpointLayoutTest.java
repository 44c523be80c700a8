package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's key layouts: the language model of a multimodal Gemma 3 checkpoint as transformers 4 and 5 save it
 * (vision tower and projector beside it) explains exactly like gemma3-tiny; foreign tensors are refused; a tied
 * head is the embedding table.
 */
class Gemma3CheckpointLayoutTest {

    private static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);

    @TempDir
    Path tmp;

    /** The fixture's text config inside a multimodal config, with a small SigLIP vision config beside it. */
    private static ObjectNode multimodalConfig() {
        ObjectNode c = Gemma3Folders.MAPPER.createObjectNode();
        c.putArray("architectures").add("Gemma3ForConditionalGeneration");
        c.put("model_type", "gemma3");
        c.set("text_config", Gemma3Folders.config());
        c.putObject("vision_config")
                .put("model_type", "siglip_vision_model")
                .put("hidden_size", 8)
                .put("image_size", 4)
                .put("patch_size", 2)
                .put("num_hidden_layers", 2);
        c.put("mm_tokens_per_image", 4);
        c.putArray("eos_token_id").add(1).add(106);
        return c;
    }

    /** The fixture's tensors renamed: {@code model.} → {@code body.}, the head to {@code head}, plus vision ones. */
    private static Map<String, TensorData> multimodalTensors(String body, String head, String visionPrefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        Gemma3Folders.tensors()
                .forEach((k, v) ->
                        out.put(k.equals("lm_head.weight") ? head : body + k.substring("model.".length()), v));
        out.put(
                visionPrefix + "vision_tower.vision_model.embeddings.patch_embedding.weight",
                TensorData.ofFloats(new float[8 * 3 * 2 * 2], 8, 3, 2, 2));
        for (int layer = 0; layer < 2; layer++) {
            out.put(
                    visionPrefix + "vision_tower.vision_model.encoder.layers." + layer + ".self_attn.q_proj.weight",
                    TensorData.ofFloats(new float[64], 8, 8));
        }
        out.put(
                visionPrefix + "multi_modal_projector.mm_input_projection_weight",
                TensorData.ofFloats(new float[8 * 64], 8, 64));
        out.put(visionPrefix + "multi_modal_projector.mm_soft_emb_norm.weight", TensorData.ofFloats(new float[8], 8));
        return out;
    }

    private static void assertExplainsLikeTheFixture(Path dir) {
        Path fixture = Fixtures.dir(Gemma3Folders.FIXTURE);
        for (Method m : new Method[] {Method.ATTNLRP, Method.CP_LRP}) {
            Map<String, TensorData> expected = Gemma3Folders.explain(fixture, F32, m);
            Map<String, TensorData> actual = Gemma3Folders.explain(dir, F32, m);
            assertEquals(expected.keySet(), actual.keySet());
            for (String k : expected.keySet()) {
                double[] a = actual.get(k).toDoubles();
                double[] e = expected.get(k).toDoubles();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 0.0, m + " " + k + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void transformers5MultimodalLayout() {
        ObjectNode config = multimodalConfig();
        config.put("tie_word_embeddings", false);
        Path dir = Gemma3Folders.write(
                tmp.resolve("v5"), config, multimodalTensors("model.language_model.", "lm_head.weight", "model."));
        assertExplainsLikeTheFixture(dir);
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(dir, F32)) {
            Gemma3ForCausalLM g = (Gemma3ForCausalLM) m;
            assertEquals("gemma3", g.config().modelType());
            assertTrue(g.config().multimodal());
            assertEquals(Set.of(1L, 106L), g.eosTokenIds(), "the top-level eos_token_id");
            assertEquals(3, g.numLayers());
        }
    }

    @Test
    void transformers4MultimodalLayoutTakesTheTieFlagFromTheTextConfig() {
        ObjectNode config = multimodalConfig();
        config.remove("eos_token_id");
        ((ObjectNode) config.get("text_config")).put("pad_token_id", 5).put("eos_token_id", 7);
        Path dir = Gemma3Folders.write(
                tmp.resolve("v4"),
                config,
                multimodalTensors("language_model.model.", "language_model.lm_head.weight", ""));
        assertExplainsLikeTheFixture(dir);
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(dir, F32)) {
            Gemma3ForCausalLM g = (Gemma3ForCausalLM) m;
            assertEquals(Set.of(7L), g.eosTokenIds(), "the text config's eos_token_id");
            assertEquals(5, g.padTokenId(), "the text config's pad_token_id");
        }
    }

    @Test
    void aTensorOfNeitherPartIsRefused() {
        Map<String, TensorData> tensors = multimodalTensors("model.language_model.", "lm_head.weight", "model.");
        tensors.put("model.audio_tower.conv.weight", TensorData.ofFloats(new float[4], 4));
        Path dir = Gemma3Folders.write(tmp.resolve("audio"), multimodalConfig(), tensors);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, F32).close());
        assertTrue(
                e.getMessage().contains("model.audio_tower.conv.weight")
                        && e.getMessage().contains("vision tower"),
                e.getMessage());
    }

    @Test
    void aLanguageModelLayerBeyondTheConfigIsRefused() {
        Map<String, TensorData> tensors = multimodalTensors("model.language_model.", "lm_head.weight", "model.");
        tensors.put("model.language_model.layers.3.input_layernorm.weight", TensorData.ofFloats(new float[64], 64));
        Path dir = Gemma3Folders.write(tmp.resolve("deeper"), multimodalConfig(), tensors);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, F32).close());
        assertTrue(e.getMessage().contains("layers.3"), e.getMessage());
    }

    @Test
    void aMultimodalCheckpointWithoutALanguageModelIsRefused() {
        Map<String, TensorData> tensors = multimodalTensors("model.language_model.", "lm_head.weight", "model.");
        tensors.remove("model.language_model.embed_tokens.weight");
        Path dir = Gemma3Folders.write(tmp.resolve("no-text"), multimodalConfig(), tensors);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, F32).close());
        assertTrue(
                e.getMessage().contains("model.language_model.embed_tokens.weight")
                        && e.getMessage().contains("language_model.model.embed_tokens.weight"),
                e.getMessage());
    }

    /**
     * Tied (the Gemma 3 default when the field is absent): the head is the embedding table, also when the checkpoint
     * still holds an lm_head.weight (HF ties it over the stored one). Untied: the stored head, which must be there.
     */
    @Test
    void tiedHeadIsTheEmbeddingTable() {
        Map<String, TensorData> tensors = Gemma3Folders.tensors();
        TensorData table = tensors.get("model.embed_tokens.weight");
        ObjectNode untied = Gemma3Folders.config();
        tensors.put("lm_head.weight", table);
        Path explicit = Gemma3Folders.write(tmp.resolve("untied-copy"), untied, tensors);
        ObjectNode tied = Gemma3Folders.config();
        tied.remove("tie_word_embeddings");
        tensors.remove("lm_head.weight");
        Path withoutHead = Gemma3Folders.write(tmp.resolve("tied"), tied, tensors);
        tensors.put("lm_head.weight", Gemma3Folders.tensors().get("lm_head.weight"));
        Path staleHead = Gemma3Folders.write(tmp.resolve("tied-stale-head"), tied, tensors);
        Map<String, TensorData> expected = Gemma3Folders.explain(explicit, F32, Method.ATTNLRP);
        for (Path dir : List.of(withoutHead, staleHead)) {
            Map<String, TensorData> actual = Gemma3Folders.explain(dir, F32, Method.ATTNLRP);
            for (String k : expected.keySet()) {
                double[] a = actual.get(k).toDoubles();
                double[] e = expected.get(k).toDoubles();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 0.0, dir.getFileName() + " " + k + "[" + i + "]");
                }
            }
        }
        tensors.remove("lm_head.weight");
        Path missing = Gemma3Folders.write(tmp.resolve("untied-missing"), untied, tensors);
        assertThrows(
                MissingTensorException.class,
                () -> AutoModel.fromPretrained(missing, F32).close());
    }
}
