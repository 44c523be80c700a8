package io.github.lxt4j.models.gemma3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.nn.RopeScaling;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A Gemma 3 text config ({@code Gemma3TextConfig}, {@code model_type} {@code gemma3_text}), read either from a
 * text-only {@code config.json} or from the {@code text_config} of a multimodal one ({@code model_type}
 * {@code gemma3}, {@code Gemma3ForConditionalGeneration}). HF v4 ({@code sliding_window_pattern},
 * {@code rope_theta} / {@code rope_scaling} / {@code rope_local_base_freq}) and v5 ({@code layer_types},
 * {@code rope_parameters} per layer type) forms; every absent field takes Gemma3TextConfig's default, as the hub's
 * multimodal configs rely on them.
 *
 * @param modelType the top-level {@code model_type}: {@code gemma3_text} or {@code gemma3}
 * @param layerTypes the attention kind of each layer
 * @param slidingWindow W of the sliding layers (keys i − W &lt; j ≤ i), or −1 when no layer slides
 * @param ropes the RoPE schedule of each layer type in use
 * @param queryPreAttnScalar attention scores are scaled by its −½ power
 * @param finalLogitSoftcapping c of {@code logits = c·tanh(logits / c)}, empty for none
 * @param source the top-level config (as read)
 * @param text the text part: {@code source} itself, or its {@code text_config}
 */
public record Gemma3Config(
        String modelType,
        long vocabSize,
        long hiddenSize,
        long intermediateSize,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        long maxPositions,
        List<LayerType> layerTypes,
        long slidingWindow,
        Map<LayerType, RopeScaling> ropes,
        double queryPreAttnScalar,
        OptionalDouble finalLogitSoftcapping,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        Activation hiddenActivation,
        JsonConfig source,
        JsonConfig text) {

    public static final String TEXT_TYPE = "gemma3_text";
    public static final String MULTIMODAL_TYPE = "gemma3";

    public Gemma3Config {
        layerTypes = List.copyOf(layerTypes);
        ropes = Map.copyOf(ropes);
    }

    public int numLayers() {
        return layerTypes.size();
    }

    /** Whether this is the language model of a multimodal ({@code gemma3}) checkpoint. */
    public boolean multimodal() {
        return modelType.equals(MULTIMODAL_TYPE);
    }

    /** The RoPE schedule of the layers of {@code type}. */
    public RopeScaling rope(LayerType type) {
        RopeScaling r = ropes.get(type);
        if (r == null) {
            throw new IllegalArgumentException("no layer of type " + type.hfName() + " in " + source.source());
        }
        return r;
    }

    /**
     * Parses a {@code gemma3_text} config, or the {@code text_config} of a {@code gemma3} one.
     *
     * @throws ConfigException for a malformed or out-of-range field, naming it
     * @throws UnsupportedModelException for another model type or a feature lxt4j does not implement
     */
    public static Gemma3Config parse(JsonConfig c) {
        String type = c.requireString("model_type");
        JsonConfig t;
        String where;
        if (type.equals(TEXT_TYPE)) {
            t = c;
            where = "";
        } else if (type.equals(MULTIMODAL_TYPE)) {
            // no text_config: HF builds a default Gemma3TextConfig
            t = c.has("text_config") && !c.isNull("text_config")
                    ? c.object("text_config")
                    : JsonConfig.of(JsonNodeFactory.instance.objectNode(), c.source());
            where = "text_config.";
            String inner = t.optString("model_type", TEXT_TYPE);
            if (!inner.equals(TEXT_TYPE)) {
                throw new UnsupportedModelException(
                        c.source() + ": text_config.model_type '" + inner + "' is not " + TEXT_TYPE);
            }
        } else {
            throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + c.source()
                    + ": the Gemma 3 family loads " + TEXT_TYPE + " and " + MULTIMODAL_TYPE + " (its language model)");
        }
        return parseText(c, type, t, where);
    }

    private static Gemma3Config parseText(JsonConfig c, String type, JsonConfig t, String where) {
        long hidden = ConfigChecks.positive(t, where + "hidden_size", t.optLong("hidden_size", 2304));
        int heads = (int) ConfigChecks.positive(t, where + "num_attention_heads", t.optInt("num_attention_heads", 8));
        int kvHeads = (int) ConfigChecks.positive(t, where + "num_key_value_heads", t.optInt("num_key_value_heads", 4));
        if (heads % kvHeads != 0) {
            throw new ConfigException(t.source() + ": " + where + "num_attention_heads = " + heads
                    + " is not a multiple of num_key_value_heads = " + kvHeads);
        }
        int headDim = (int) ConfigChecks.positive(t, where + "head_dim", t.optInt("head_dim", 256));
        long maxPos = ConfigChecks.positive(
                t, where + "max_position_embeddings", t.optLong("max_position_embeddings", 131_072));
        int layers = (int) ConfigChecks.positive(t, where + "num_hidden_layers", t.optInt("num_hidden_layers", 26));
        List<LayerType> layerTypes = layerTypes(t, where, layers);
        Set<LayerType> used = layerTypes.isEmpty() ? EnumSet.noneOf(LayerType.class) : EnumSet.copyOf(layerTypes);
        long window = -1;
        if (used.contains(LayerType.SLIDING)) {
            if (t.isNull("sliding_window")) {
                throw new ConfigException(t.source() + ": " + where + "sliding_window is null, but layer_types has"
                        + " sliding_attention layers");
            }
            window = ConfigChecks.positive(t, where + "sliding_window", t.optLong("sliding_window", 4096));
        }
        refuseUnsupported(t, where);
        OptionalDouble softcap = t.has("final_logit_softcapping") && !t.isNull("final_logit_softcapping")
                ? OptionalDouble.of(ConfigChecks.positiveFinite(
                        t, where + "final_logit_softcapping", t.requireDouble("final_logit_softcapping")))
                : OptionalDouble.empty();
        boolean tie = c != t && c.has("tie_word_embeddings") && !c.isNull("tie_word_embeddings")
                ? c.requireBoolean("tie_word_embeddings")
                : t.optBoolean("tie_word_embeddings", true);
        return new Gemma3Config(
                type,
                ConfigChecks.positive(t, where + "vocab_size", t.optLong("vocab_size", 262_208)),
                hidden,
                ConfigChecks.positive(t, where + "intermediate_size", t.optLong("intermediate_size", 9216)),
                heads,
                kvHeads,
                headDim,
                ConfigChecks.positiveFinite(t, where + "rms_norm_eps", t.optDouble("rms_norm_eps", 1e-6)),
                maxPos,
                layerTypes,
                window,
                Gemma3RopeConfig.parse(t, where, maxPos, used),
                ConfigChecks.positiveFinite(
                        t, where + "query_pre_attn_scalar", t.optDouble("query_pre_attn_scalar", 256)),
                softcap,
                tie,
                t.optBoolean("attention_bias", false),
                activation(t, where),
                c,
                t);
    }

    /** v5 {@code layer_types}, else v4 {@code sliding_window_pattern} (every N-th layer is global; default 6). */
    private static List<LayerType> layerTypes(JsonConfig t, String where, int layers) {
        List<LayerType> out = new ArrayList<>(layers);
        if (t.has("layer_types") && !t.isNull("layer_types")) {
            JsonNode list = t.raw("layer_types");
            if (!list.isArray()) {
                throw new ConfigException(t.source() + ": " + where + "layer_types must be an array of strings");
            }
            if (list.size() != layers) {
                throw new ConfigException(t.source() + ": " + where + "layer_types has " + list.size()
                        + " entries but num_hidden_layers = " + layers);
            }
            for (int i = 0; i < list.size(); i++) {
                LayerType type = LayerType.fromHf(list.get(i).asText());
                if (!list.get(i).isTextual() || type == null) {
                    throw new UnsupportedModelException(t.source() + ": " + where + "layer_types[" + i + "] = "
                            + list.get(i) + ": Gemma 3 layers are " + LayerType.SLIDING.hfName() + " or "
                            + LayerType.FULL.hfName());
                }
                out.add(type);
            }
            return out;
        }
        int pattern =
                (int) ConfigChecks.positive(t, where + "sliding_window_pattern", t.optInt("sliding_window_pattern", 6));
        for (int i = 0; i < layers; i++) {
            out.add((i + 1) % pattern != 0 ? LayerType.SLIDING : LayerType.FULL);
        }
        return out;
    }

    private static void refuseUnsupported(JsonConfig t, String where) {
        if (t.has("attn_logit_softcapping") && !t.isNull("attn_logit_softcapping")) {
            throw new UnsupportedModelException(t.source() + ": " + where + "attn_logit_softcapping = "
                    + t.raw("attn_logit_softcapping") + " is not supported: lxt4j's Gemma 3 attention has no score"
                    + " softcap (released Gemma 3 checkpoints set it to null; it is Gemma 2's)");
        }
        if (t.optBoolean("use_bidirectional_attention", false)) {
            throw new UnsupportedModelException(t.source() + ": " + where + "use_bidirectional_attention = true"
                    + " (an encoder such as EmbeddingGemma) is not supported: lxt4j explains causal LMs");
        }
    }

    private static Activation activation(JsonConfig t, String where) {
        String act = t.optString("hidden_activation", "gelu_pytorch_tanh");
        try {
            return Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(
                    t.source() + ": unsupported " + where + "hidden_activation '" + act + "': " + e.getMessage());
        }
    }

    /**
     * Bench's depth: {@code num_hidden_layers} of the text config; an explicit {@code layer_types} list is cut or
     * repeated cyclically to the new depth, so that the model keeps its mix of sliding and global layers.
     */
    static void setDepth(ObjectNode config, int layers) {
        ObjectNode t = MULTIMODAL_TYPE.equals(config.path("model_type").asText())
                        && config.path("text_config").isObject()
                ? (ObjectNode) config.get("text_config")
                : config;
        t.put("num_hidden_layers", layers);
        JsonNode types = t.get("layer_types");
        if (types != null && types.isArray() && !types.isEmpty()) {
            ArrayNode resized = t.arrayNode();
            for (int i = 0; i < layers; i++) {
                resized.add(types.get(i % types.size()).deepCopy());
            }
            t.set("layer_types", resized);
        }
    }
}
