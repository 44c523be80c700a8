package io.github.lxt4j.models.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.bench.BenchPresets;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every field Qwen3Config reads, in HF v4 and v5 form, with the typed errors of bad values; the bench preset. */
class Qwen3ConfigTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A valid v5-style config (the fixture's shape), changed by {@code edit}. */
    static JsonConfig config(Consumer<ObjectNode> edit) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("model_type", "qwen3");
        n.put("vocab_size", 320);
        n.put("hidden_size", 64);
        n.put("intermediate_size", 160);
        n.put("num_hidden_layers", 3);
        n.put("num_attention_heads", 4);
        n.put("num_key_value_heads", 2);
        n.put("head_dim", 24);
        n.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", 1e6);
        edit.accept(n);
        return JsonConfig.of(n, "test/config.json");
    }

    static <E extends Lxt4jException> void refused(Class<E> type, Consumer<ObjectNode> edit, String... words) {
        E e = assertThrows(type, () -> Qwen3Config.parse(config(edit)));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("test/config.json"), e.getMessage());
    }

    @Test
    void readsEveryFieldWithHfDefaults() {
        LlamaConfig b = Qwen3Config.parse(config(n -> {})).base();
        assertEquals("qwen3", b.modelType());
        assertEquals(320, b.vocabSize());
        assertEquals(64, b.hiddenSize());
        assertEquals(160, b.intermediateSize());
        assertEquals(3, b.numLayers());
        assertEquals(4, b.numHeads());
        assertEquals(2, b.numKvHeads());
        assertEquals(24, b.headDim());
        assertEquals(1e-6, b.rmsNormEps());
        assertEquals(32768, b.maxPositions());
        assertEquals(1e6, b.rope().theta());
        assertEquals(Activation.SILU, b.hiddenAct());
        assertFalse(b.tieWordEmbeddings() || b.qkvBias() || b.outputBias() || b.mlpBias());
        assertEquals("float32", b.storedDtype());

        LlamaConfig set = Qwen3Config.parse(config(n -> n.put("rms_norm_eps", 1e-5)
                        .put("max_position_embeddings", 40960)
                        .put("tie_word_embeddings", true)
                        .put("attention_bias", true)
                        .put("mlp_bias", true)
                        .put("hidden_act", "gelu")
                        .put("torch_dtype", "bfloat16")))
                .base();
        assertEquals(1e-5, set.rmsNormEps());
        assertEquals(40960, set.maxPositions());
        assertTrue(set.tieWordEmbeddings());
        assertTrue(set.qkvBias() && set.outputBias(), "attention_bias: q, k, v and o");
        assertFalse(set.mlpBias(), "Qwen3's MLP has no bias, whatever mlp_bias says");
        assertEquals(Activation.GELU, set.hiddenAct());
        assertEquals("bfloat16", set.storedDtype());
        assertEquals(
                "float16",
                Qwen3Config.parse(config(n -> n.put("dtype", "float16"))).base().storedDtype());
    }

    @Test
    void headDimDefaultsTo128AndKvHeadsToHeads() {
        LlamaConfig b = Qwen3Config.parse(config(n -> {
                    n.remove("head_dim");
                    n.remove("num_key_value_heads");
                }))
                .base();
        assertEquals(Qwen3Config.DEFAULT_HEAD_DIM, b.headDim(), "HF's Qwen3Config default, not hidden / heads");
        assertEquals(4, b.numKvHeads());
    }

    @Test
    void v4AndV5RopeFormsAgree() {
        RopeScaling v5 = Qwen3Config.parse(config(n -> {})).base().rope();
        RopeScaling v4 = Qwen3Config.parse(config(n -> {
                    n.remove("rope_parameters");
                    n.put("rope_theta", 1e6);
                    n.putNull("rope_scaling");
                }))
                .base()
                .rope();
        assertEquals(v5.theta(), v4.theta());
        assertEquals(v5.type(), v4.type());
        RopeScaling linear = Qwen3Config.parse(config(n -> n.putObject("rope_parameters")
                        .put("rope_type", "linear")
                        .put("rope_theta", 1e6)
                        .put("factor", 4.0)))
                .base()
                .rope();
        assertEquals(RopeScaling.Type.LINEAR, linear.type());
        assertEquals(4.0, linear.factor());
        refused(
                UnsupportedRopeException.class,
                n -> n.putObject("rope_parameters")
                        .put("rope_type", "yarn")
                        .put("rope_theta", 1e6)
                        .put("factor", 4.0),
                "yarn");
    }

    @Test
    void badValuesNameTheirField() {
        refused(UnsupportedModelException.class, n -> n.put("model_type", "qwen2"), "qwen2");
        refused(ConfigException.class, n -> n.remove("vocab_size"), "vocab_size");
        refused(ConfigException.class, n -> n.remove("intermediate_size"), "intermediate_size");
        refused(ConfigException.class, n -> n.put("hidden_size", 0), "hidden_size");
        refused(ConfigException.class, n -> n.put("num_hidden_layers", -1), "num_hidden_layers");
        refused(ConfigException.class, n -> n.put("num_attention_heads", 0), "num_attention_heads");
        refused(ConfigException.class, n -> n.put("num_key_value_heads", 0), "num_key_value_heads");
        refused(UnsupportedModelException.class, n -> n.put("num_key_value_heads", 3), "num_key_value_heads = 3");
        refused(ConfigException.class, n -> n.put("head_dim", 0), "head_dim");
        refused(ConfigException.class, n -> n.put("head_dim", 23), "head_dim", "even");
        refused(ConfigException.class, n -> n.put("rms_norm_eps", -1.0), "rms_norm_eps");
        refused(ConfigException.class, n -> n.put("max_position_embeddings", 0), "max_position_embeddings");
        refused(UnsupportedModelException.class, n -> n.put("hidden_act", "swiglu9"), "swiglu9");
        refused(ConfigException.class, n -> n.put("attention_bias", "yes"), "attention_bias");
        refused(ConfigException.class, n -> n.put("rope_parameters", 7), "rope_parameters");
    }

    @Test
    void noWindowUnlessUseSlidingWindow() {
        assertEquals(
                List.of(-1L, -1L, -1L),
                Qwen3Config.parse(config(n -> n.put("sliding_window", 8).put("max_window_layers", 0)))
                        .windows());
        assertEquals(
                List.of(-1L, -1L, -1L),
                Qwen3Config.parse(config(n -> n.put("use_sliding_window", true)
                                .putNull("sliding_window")
                                .put("max_window_layers", 0)))
                        .windows(),
                "sliding_window null: none");
    }

    @Test
    void maxWindowLayersDecidesWithoutLayerTypes() {
        assertEquals(
                List.of(-1L, 8L, 8L),
                Qwen3Config.parse(config(n -> n.put("use_sliding_window", true)
                                .put("sliding_window", 8)
                                .put("max_window_layers", 1)))
                        .windows());
        assertEquals(
                List.of(-1L, -1L, -1L),
                Qwen3Config.parse(config(n -> n.put("use_sliding_window", true).put("sliding_window", 8)))
                        .windows(),
                "default max_window_layers 28");
        assertEquals(
                List.of(4096L, 4096L, 4096L),
                Qwen3Config.parse(config(n -> n.put("use_sliding_window", true).put("max_window_layers", 0)))
                        .windows(),
                "HF's default sliding_window is 4096");
        refused(
                ConfigException.class,
                n -> n.put("use_sliding_window", true).put("sliding_window", 0),
                "sliding_window");
        refused(ConfigException.class, n -> n.put("max_window_layers", -1), "max_window_layers");
    }

    @Test
    void layerTypesWinOverMaxWindowLayers() {
        assertEquals(
                List.of(8L, -1L, 8L),
                Qwen3Config.parse(config(n -> {
                            n.put("use_sliding_window", true)
                                    .put("sliding_window", 8)
                                    .put("max_window_layers", 28);
                            n.putArray("layer_types")
                                    .add("sliding_attention")
                                    .add("full_attention")
                                    .add("sliding_attention");
                        }))
                        .windows());
        refused(ConfigException.class, n -> n.putArray("layer_types").add("full_attention"), "layer_types", "3");
        refused(
                ConfigException.class,
                n -> n.putArray("layer_types")
                        .add("full_attention")
                        .add("chunked_attention")
                        .add("full_attention"),
                "layer_types[1]",
                "chunked_attention");
        refused(
                ConfigException.class,
                n -> n.putArray("layer_types")
                        .add("full_attention")
                        .add("full_attention")
                        .add("sliding_attention"),
                "layer_types[2]",
                "use_sliding_window = false");
    }

    @Test
    void presetHasQwen3EightBsShapes() {
        ModelFamily f = AutoModel.families().stream()
                .filter(x -> x.name().equals("qwen3"))
                .findFirst()
                .orElseThrow();
        assertEquals(Qwen3ForCausalLM.FAMILY, f);
        JsonConfig json = JsonConfig.of(readTree(f.presets().get("qwen3-8b")), "qwen3-8b");
        f.validate(json);
        Qwen3Config c = Qwen3Config.parse(json);
        LlamaConfig b = c.base();
        assertEquals(151936, b.vocabSize());
        assertEquals(4096, b.hiddenSize());
        assertEquals(12288, b.intermediateSize());
        assertEquals(36, b.numLayers());
        assertEquals(32, b.numHeads());
        assertEquals(8, b.numKvHeads());
        assertEquals(128, b.headDim());
        assertEquals(1e6, b.rope().theta());
        assertEquals(1e-6, b.rmsNormEps());
        assertEquals(40960, b.maxPositions());
        assertFalse(b.tieWordEmbeddings());
        assertTrue(c.windows().stream().allMatch(w -> w < 0));
        assertEquals(
                2, Qwen3Config.parse(BenchPresets.resolve("qwen3-8b", 2)).base().numLayers());
    }

    @Test
    void benchDepthKeepsLayerTypesInStep() {
        ObjectNode n = (ObjectNode) config(x -> x.putArray("layer_types")
                        .add("full_attention")
                        .add("full_attention")
                        .add("full_attention"))
                .raw();
        Qwen3Config.setDepth(n, 1);
        assertEquals(1, Qwen3Config.parse(JsonConfig.of(n, "depth")).base().numLayers());
    }

    @Test
    void flopsCountEveryLinearAndTheAttention() {
        long b = 2;
        long t = 16;
        double h = 64;
        double q = 4 * 24;
        double kv = 2 * 24;
        double perToken = 3 * (h * q + 2 * h * kv + q * h + 3 * h * 160);
        double linear = t * perToken + h * 320;
        double attention = 2.0 * 3 * 4 * t * t * 24;
        FlopCount want = new FlopCount(2 * b * (linear + attention), 2 * b * (linear + 2 * attention));
        Qwen3Config c = Qwen3Config.parse(config(n -> {}));
        try (Qwen3ForCausalLM m = Qwen3ForCausalLM.build(c, new RandomWeights(1, 0.02), LoadOptions.defaults())) {
            assertEquals(want, m.flops((int) b, (int) t));
        }
    }

    static JsonNode readTree(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
