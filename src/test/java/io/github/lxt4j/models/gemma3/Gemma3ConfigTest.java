package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every Gemma 3 config field lxt4j reads, in HF v4 and v5 forms, text-only and multimodal; refusals name the field. */
class Gemma3ConfigTest {

    private static final LayerType S = LayerType.SLIDING;
    private static final LayerType F = LayerType.FULL;

    private static Gemma3Config parse(ObjectNode c) {
        return Gemma3Config.parse(JsonConfig.of(c, "config.json"));
    }

    private static Gemma3Config parse(String json) {
        try {
            return parse((ObjectNode) Gemma3Folders.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's config changed by {@code edit} must be refused with {@code type}, naming {@code field}. */
    private static <E extends Lxt4jException> void refused(Class<E> type, String field, Consumer<ObjectNode> edit) {
        ObjectNode c = Gemma3Folders.config();
        edit.accept(c);
        E e = assertThrows(type, () -> parse(c));
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void fixtureConfigV5() {
        Gemma3Config c = parse(Gemma3Folders.config());
        assertEquals("gemma3_text", c.modelType());
        assertFalse(c.multimodal());
        assertEquals(320, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertEquals(128, c.intermediateSize());
        assertEquals(4, c.numHeads());
        assertEquals(2, c.numKvHeads());
        assertEquals(24, c.headDim());
        assertEquals(1e-6, c.rmsNormEps());
        assertEquals(128, c.maxPositions());
        assertEquals(List.of(S, S, F), c.layerTypes());
        assertEquals(4, c.slidingWindow());
        assertEquals(32.0, c.queryPreAttnScalar());
        assertEquals(1e6, c.rope(F).theta());
        assertEquals(1e4, c.rope(S).theta());
        assertEquals(RopeScaling.Type.DEFAULT, c.rope(F).type());
        assertFalse(c.finalLogitSoftcapping().isPresent());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
        assertEquals(Activation.GELU_TANH, c.hiddenActivation());
    }

    /** google/gemma-3-4b-it's config.json: a multimodal config whose text_config leaves most fields to defaults. */
    @Test
    void hubMultimodalConfigV4TakesGemma3TextDefaults() {
        Gemma3Config c = parse("""
                {"architectures": ["Gemma3ForConditionalGeneration"], "boi_token_index": 255999,
                 "eoi_token_index": 256000, "eos_token_id": [1, 106], "image_token_index": 262144,
                 "initializer_range": 0.02, "mm_tokens_per_image": 256, "model_type": "gemma3",
                 "text_config": {"hidden_size": 2560, "intermediate_size": 10240, "model_type": "gemma3_text",
                                 "num_hidden_layers": 34, "rope_scaling": {"factor": 8.0, "rope_type": "linear"},
                                 "sliding_window": 1024},
                 "torch_dtype": "bfloat16", "transformers_version": "4.50.0.dev0",
                 "vision_config": {"hidden_size": 1152, "image_size": 896, "intermediate_size": 4304,
                                   "model_type": "siglip_vision_model", "num_attention_heads": 16,
                                   "num_hidden_layers": 27, "patch_size": 14, "vision_use_head": false}}""");
        assertTrue(c.multimodal());
        assertEquals(262_208, c.vocabSize());
        assertEquals(2560, c.hiddenSize());
        assertEquals(8, c.numHeads());
        assertEquals(4, c.numKvHeads());
        assertEquals(256, c.headDim());
        assertEquals(256.0, c.queryPreAttnScalar());
        assertEquals(131_072, c.maxPositions());
        assertEquals(1024, c.slidingWindow());
        assertEquals(34, c.numLayers());
        for (int i = 0; i < 34; i++) {
            assertEquals(i % 6 == 5 ? F : S, c.layerTypes().get(i), "layer " + i);
        }
        assertEquals(RopeScaling.Type.LINEAR, c.rope(F).type());
        assertEquals(8.0, c.rope(F).factor());
        assertEquals(1e6, c.rope(F).theta());
        assertEquals(RopeScaling.Type.DEFAULT, c.rope(S).type());
        assertEquals(1e4, c.rope(S).theta());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(Activation.GELU_TANH, c.hiddenActivation());
    }

    @Test
    void presetHasGemma3_4bShapesAndFlops() {
        JsonConfig json = JsonConfig.of(readTree(Gemma3Presets.PRESETS.get("gemma-3-4b")), "gemma-3-4b");
        assertEquals("gemma3", AutoModel.family(json).name());
        Gemma3Config c = Gemma3Config.parse(json);
        assertEquals(262_208, c.vocabSize());
        assertEquals(2560, c.hiddenSize());
        assertEquals(10_240, c.intermediateSize());
        assertEquals(34, c.numLayers());
        assertEquals(8, c.numHeads());
        assertEquals(4, c.numKvHeads());
        assertEquals(256, c.headDim());
        assertEquals(256.0, c.queryPreAttnScalar());
        assertEquals(1024, c.slidingWindow());
        assertEquals(29, c.layerTypes().stream().filter(t -> t == S).count(), "global: layers 5, 11, 17, 23, 29");
        assertEquals(RopeScaling.Type.LINEAR, c.rope(F).type());
        assertEquals(8.0, c.rope(F).factor());
        assertEquals(1e4, c.rope(S).theta());
        assertTrue(c.tieWordEmbeddings());
        ObjectNode two = (ObjectNode) readTree(Gemma3Presets.PRESETS.get("gemma-3-4b"));
        Gemma3Config.setDepth(two, 2);
        assertEquals(2, parse(two).numLayers());
    }

    /**
     * FLOPs of a tiny preset-like model, by hand: per token and layer q 64·96, k and v 64·48 each, o 96·64, MLP
     * 3·64·128; attention 2·heads·T²·head_dim per layer (the whole T×T square, sliding layers too); the head at the
     * last position.
     */
    @Test
    void flopsCountLinearsAttentionSquaresAndTheHead() {
        Gemma3Config cfg = parse(Gemma3Folders.config());
        try (TensorScope s = TensorScope.open();
                Gemma3ForCausalLM m = Gemma3ForCausalLM.build(
                        cfg, new RandomWeights(1, 0.02), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            int t = 10;
            double linear = t * 3.0 * (64 * 96 + 2 * 64 * 48 + 96 * 64 + 3 * 64 * 128) + 64 * 320;
            double attention = 3.0 * 2 * 4 * t * t * 24;
            FlopCount f = m.flops(2, t);
            assertEquals(2 * 2 * (linear + attention), f.forward(), 1e-6);
            assertEquals(2 * 2 * (linear + 2 * attention), f.relevance(), 1e-6);
        }
    }

    @Test
    void v5RopeParametersWithALegacyRopeScalingMergeIntoTheFullEntry() {
        ObjectNode c = Gemma3Folders.config();
        c.putObject("rope_scaling").put("rope_type", "linear").put("factor", 4.0);
        Gemma3Config g = parse(c);
        assertEquals(RopeScaling.Type.LINEAR, g.rope(F).type());
        assertEquals(4.0, g.rope(F).factor());
        assertEquals(1e6, g.rope(F).theta());
        assertEquals(RopeScaling.Type.DEFAULT, g.rope(S).type());
    }

    @Test
    void v5EntryWithoutThetaFallsBackToTheLegacyFieldThenTheDefault() {
        ObjectNode c = Gemma3Folders.config();
        ((ObjectNode) c.get("rope_parameters").get("sliding_attention")).remove("rope_theta");
        ((ObjectNode) c.get("rope_parameters").get("full_attention")).remove("rope_theta");
        c.put("rope_local_base_freq", 500.0);
        Gemma3Config g = parse(c);
        assertEquals(500.0, g.rope(S).theta());
        assertEquals(1e6, g.rope(F).theta());
    }

    @Test
    void absentFieldsTakeTheDefaultsAndMultimodalMessagesNameTheTextConfig() {
        Gemma3Config bare = parse("{\"model_type\": \"gemma3_text\"}");
        assertEquals(26, bare.numLayers());
        assertEquals(2304, bare.hiddenSize());
        assertEquals(4096, bare.slidingWindow());
        assertTrue(bare.tieWordEmbeddings());
        Gemma3Config noText = parse("{\"model_type\": \"gemma3\"}");
        assertEquals(262_208, noText.vocabSize());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> parse("{\"model_type\": \"gemma3\", \"text_config\": {\"hidden_size\": 0}}"));
        assertTrue(e.getMessage().contains("text_config.hidden_size"), e.getMessage());
        assertFalse(
                parse("{\"model_type\": \"gemma3\", \"tie_word_embeddings\": false, \"text_config\": {}}")
                        .tieWordEmbeddings(),
                "the top-level flag wins");
    }

    @Test
    void everyFieldReadRefusesABadValueNamingIt() {
        List<String> positives = List.of(
                "vocab_size",
                "hidden_size",
                "intermediate_size",
                "num_hidden_layers",
                "num_attention_heads",
                "num_key_value_heads",
                "head_dim",
                "max_position_embeddings",
                "sliding_window");
        for (String field : positives) {
            refused(ConfigException.class, field, c -> {
                c.put(field, 0);
                if (field.equals("num_hidden_layers")) {
                    c.remove("layer_types");
                }
            });
            refused(ConfigException.class, field, c -> c.put(field, "four"));
        }
        for (String field : List.of("rms_norm_eps", "query_pre_attn_scalar", "final_logit_softcapping")) {
            refused(ConfigException.class, field, c -> c.put(field, -1.0));
        }
        refused(ConfigException.class, "num_key_value_heads", c -> c.put("num_key_value_heads", 3));
        refused(ConfigException.class, "tie_word_embeddings", c -> c.put("tie_word_embeddings", "yes"));
        refused(ConfigException.class, "attention_bias", c -> c.put("attention_bias", 1));
        refused(UnsupportedModelException.class, "hidden_activation", c -> c.put("hidden_activation", "softplus"));
        refused(UnsupportedModelException.class, "attn_logit_softcapping", c -> c.put("attn_logit_softcapping", 50.0));
        refused(
                UnsupportedModelException.class,
                "use_bidirectional_attention",
                c -> c.put("use_bidirectional_attention", true));
        refused(UnsupportedModelException.class, "model_type", c -> c.put("model_type", "gemma2"));
        refused(ConfigException.class, "sliding_window", c -> c.putNull("sliding_window"));
    }

    @Test
    void layerTypesAndThePatternAreChecked() {
        refused(
                ConfigException.class,
                "layer_types",
                c -> c.putArray("layer_types").add("full_attention"));
        refused(
                UnsupportedModelException.class,
                "layer_types[1]",
                c -> c.putArray("layer_types")
                        .add("full_attention")
                        .add("chunked_attention")
                        .add("full_attention"));
        refused(
                UnsupportedModelException.class,
                "layer_types[0]",
                c -> c.putArray("layer_types").add(3).add("full_attention").add("full_attention"));
        refused(ConfigException.class, "layer_types", c -> c.put("layer_types", "sliding_attention"));
        refused(ConfigException.class, "sliding_window_pattern", c -> {
            c.remove("layer_types");
            c.put("sliding_window_pattern", 0);
        });
        ObjectNode onlyFull = Gemma3Folders.config();
        onlyFull.putArray("layer_types")
                .add("full_attention")
                .add("full_attention")
                .add("full_attention");
        onlyFull.putNull("sliding_window");
        Gemma3Config g = parse(onlyFull);
        assertEquals(-1, g.slidingWindow(), "no sliding layer: the window does not matter");
        assertThrows(IllegalArgumentException.class, () -> g.rope(S));
    }

    @Test
    void ropeFieldsAreChecked() {
        refused(
                ConfigException.class,
                "rope_parameters",
                c -> c.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", 10000.0));
        refused(
                ConfigException.class,
                "sliding_attention",
                c -> ((ObjectNode) c.get("rope_parameters")).remove("sliding_attention"));
        refused(
                UnsupportedRopeException.class,
                "rope_parameters.full_attention",
                c -> ((ObjectNode) c.get("rope_parameters").get("full_attention")).put("rope_type", "yarn"));
        refused(
                ConfigException.class,
                "rope_parameters.full_attention.factor",
                c -> ((ObjectNode) c.get("rope_parameters").get("full_attention"))
                        .put("rope_type", "linear")
                        .put("factor", -2.0));
        refused(
                ConfigException.class,
                "rope_parameters.sliding_attention.rope_theta",
                c -> ((ObjectNode) c.get("rope_parameters").get("sliding_attention")).put("rope_theta", 0.0));
        refused(UnsupportedRopeException.class, "partial_rotary_factor", c -> c.put("partial_rotary_factor", 0.5));
        List<Consumer<ObjectNode>> v4 = new ArrayList<>();
        v4.add(c -> c.put("rope_theta", -1.0));
        v4.add(c -> c.put("rope_local_base_freq", 0.0));
        v4.add(c -> c.putObject("rope_scaling").put("rope_type", "linear"));
        v4.add(c -> c.putObject("rope_scaling").put("type", "su"));
        String[] fields = {"rope_theta", "rope_local_base_freq", "rope_scaling", "rope_scaling"};
        for (int i = 0; i < v4.size(); i++) {
            Consumer<ObjectNode> edit = v4.get(i);
            refused(Lxt4jException.class, fields[i], c -> {
                c.remove("rope_parameters");
                edit.accept(c);
            });
        }
    }

    @Test
    void setDepthRepeatsLayerTypesCyclically() {
        ObjectNode c = Gemma3Folders.config();
        Gemma3Config.setDepth(c, 5);
        assertEquals(List.of(S, S, F, S, S), parse(c).layerTypes());
        ObjectNode mm = Gemma3Folders.MAPPER.createObjectNode().put("model_type", "gemma3");
        mm.set("text_config", Gemma3Folders.config());
        Gemma3Config.setDepth(mm, 1);
        assertEquals(List.of(S), parse(mm).layerTypes());
    }

    private static JsonNode readTree(String json) {
        try {
            return Gemma3Folders.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
