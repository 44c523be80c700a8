package io.github.lxt4j.models.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.RopeConfig;
import java.util.List;

/**
 * A Qwen3 {@code config.json} (HF v4 or v5 style): the LLaMA-style settings plus each layer's sliding window.
 *
 * @param base vocabulary, sizes, heads, {@code head_dim}, norms, RoPE, biases ({@code attention_bias} on q, k, v and
 *     o), tied head; its {@code slidingWindow} is unused (−1): windows are per layer
 * @param windows each layer's sliding window, or −1 for full attention
 */
public record Qwen3Config(LlamaConfig base, List<Long> windows) {

    /** HF's {@code Qwen3Config.head_dim} when the field is absent (not hidden / heads). */
    public static final int DEFAULT_HEAD_DIM = 128;

    public Qwen3Config {
        windows = List.copyOf(windows);
        if (windows.size() != base.numLayers()) {
            throw new IllegalArgumentException(windows.size() + " windows for " + base.numLayers() + " layers");
        }
    }

    /**
     * Parses a {@code qwen3} config.
     *
     * @throws UnsupportedModelException for another model type, activation or head grouping
     * @throws ConfigException naming the field of a missing or bad value
     */
    public static Qwen3Config parse(JsonConfig c) {
        requireType(c, "qwen3");
        long intermediate = ConfigChecks.positive(c, "intermediate_size", c.requireLong("intermediate_size"));
        LlamaConfig base = base(c, intermediate, DEFAULT_HEAD_DIM);
        return new Qwen3Config(base, SlidingLayers.parse(c, base.numLayers(), false));
    }

    /** The sliding window of layer {@code layer}, or −1 for full attention. */
    public long window(int layer) {
        return windows.get(layer);
    }

    /** @throws UnsupportedModelException if {@code c}'s {@code model_type} is not {@code type} */
    public static void requireType(JsonConfig c, String type) {
        String found = c.requireString("model_type");
        if (!found.equals(type)) {
            throw new UnsupportedModelException("model_type '" + found + "' in " + c.source() + " is not " + type);
        }
    }

    /**
     * The settings Qwen3 and Qwen3-MoE share, as a {@link LlamaConfig} without a sliding window.
     *
     * @param intermediateSize the dense MLP width (already read: Qwen3-MoE may have no dense layer)
     * @param defaultHeadDim {@code head_dim} when the field is absent or null; 0 for hidden / heads
     */
    public static LlamaConfig base(JsonConfig c, long intermediateSize, int defaultHeadDim) {
        long hidden = ConfigChecks.positive(c, "hidden_size", c.requireLong("hidden_size"));
        int heads = (int) ConfigChecks.positive(c, "num_attention_heads", c.requireInt("num_attention_heads"));
        int kvHeads = (int) ConfigChecks.positive(c, "num_key_value_heads", c.optInt("num_key_value_heads", heads));
        int layers = (int) ConfigChecks.positive(c, "num_hidden_layers", c.requireInt("num_hidden_layers"));
        long vocab = ConfigChecks.positive(c, "vocab_size", c.requireLong("vocab_size"));
        if (heads % kvHeads != 0) {
            throw new UnsupportedModelException("num_attention_heads = " + heads
                    + " is not a multiple of num_key_value_heads = " + kvHeads + " in " + c.source());
        }
        int fallback = defaultHeadDim;
        if (fallback <= 0) {
            if (hidden % heads != 0 && (!c.has("head_dim") || c.isNull("head_dim"))) {
                throw new ConfigException(c.source() + ": hidden_size = " + hidden + " is not a multiple of"
                        + " num_attention_heads = " + heads + " and there is no head_dim");
            }
            fallback = (int) (hidden / heads);
        }
        int headDim = (int) ConfigChecks.positive(c, "head_dim", c.optInt("head_dim", fallback));
        if (headDim % 2 != 0) {
            throw new ConfigException(
                    c.source() + ": field 'head_dim' must be even (RoPE rotates pairs), found " + headDim);
        }
        double eps = ConfigChecks.positiveFinite(c, "rms_norm_eps", c.optDouble("rms_norm_eps", 1e-6));
        long maxPos = ConfigChecks.positive(c, "max_position_embeddings", c.optLong("max_position_embeddings", 32768));
        String act = c.optString("hidden_act", "silu");
        Activation activation;
        try {
            activation = Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("unsupported hidden_act '" + act + "' in " + c.source());
        }
        boolean bias = c.optBoolean("attention_bias", false);
        String dtype = c.has("dtype") ? c.optString("dtype", "float32") : c.optString("torch_dtype", "float32");
        return new LlamaConfig(
                c.requireString("model_type"),
                vocab,
                hidden,
                intermediateSize,
                layers,
                heads,
                kvHeads,
                headDim,
                eps,
                maxPos,
                RopeConfig.parse(c, maxPos),
                c.optBoolean("tie_word_embeddings", false),
                bias,
                bias,
                false,
                activation,
                -1,
                dtype,
                c);
    }

    /**
     * Bench's depth: sets {@code num_hidden_layers} and keeps the first {@code layers} entries of a
     * {@code layer_types} list, which must have one entry per layer.
     */
    public static void setDepth(ObjectNode config, int layers) {
        config.put("num_hidden_layers", layers);
        JsonNode types = config.get("layer_types");
        if (types instanceof ArrayNode a) {
            while (a.size() > layers) {
                a.remove(a.size() - 1);
            }
        }
    }
}
