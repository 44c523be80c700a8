package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.nn.RopeScaling;
import java.util.Set;

/**
 * A decoder-only config in HF's {@code config.json} form, v4 style ({@code rope_theta}, {@code rope_scaling},
 * {@code torch_dtype}) or v5 style ({@code rope_parameters}, {@code dtype}). Covers llama, mistral, qwen2 and
 * mixtral's attention part.
 */
public record LlamaConfig(
        String modelType,
        long vocabSize,
        long hiddenSize,
        long intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        long maxPositions,
        RopeScaling rope,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        Activation hiddenAct,
        long slidingWindow,
        String storedDtype,
        JsonConfig source) {

    public static final Set<String> DECODER_TYPES = Set.of("llama", "mistral", "qwen2", "mixtral");

    public static LlamaConfig parse(JsonConfig c) {
        String type = c.requireString("model_type");
        if (!DECODER_TYPES.contains(type)) {
            throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + c.source()
                    + ": expected one of " + DECODER_TYPES + " (t5 and openclip have their own loaders)");
        }
        long hidden = ConfigChecks.positive(c, "hidden_size", c.requireLong("hidden_size"));
        int heads = (int) ConfigChecks.positive(c, "num_attention_heads", c.requireInt("num_attention_heads"));
        int kvHeads = (int) ConfigChecks.positive(c, "num_key_value_heads", c.optInt("num_key_value_heads", heads));
        ConfigChecks.positive(c, "num_hidden_layers", c.requireInt("num_hidden_layers"));
        ConfigChecks.positive(c, "vocab_size", c.requireLong("vocab_size"));
        ConfigChecks.positive(c, "intermediate_size", c.requireLong("intermediate_size"));
        ConfigChecks.positiveFinite(c, "rms_norm_eps", c.optDouble("rms_norm_eps", 1e-6));
        if (!c.has("head_dim") || c.isNull("head_dim")) {
            if (hidden % heads != 0) {
                throw new ConfigException(c.source() + ": hidden_size = " + hidden + " is not a multiple of"
                        + " num_attention_heads = " + heads + " and there is no head_dim");
            }
        } else {
            ConfigChecks.positive(c, "head_dim", c.requireInt("head_dim"));
        }
        if (heads % kvHeads != 0) {
            throw new UnsupportedModelException("num_attention_heads = " + heads
                    + " is not a multiple of num_key_value_heads = " + kvHeads + " in " + c.source());
        }
        int headDim = c.has("head_dim") && !c.isNull("head_dim") ? c.requireInt("head_dim") : (int) (hidden / heads);
        long maxPos = ConfigChecks.positive(c, "max_position_embeddings", c.optLong("max_position_embeddings", 2048));
        String act = c.optString("hidden_act", "silu");
        Activation activation;
        try {
            activation = Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("unsupported hidden_act '" + act + "' in " + c.source());
        }
        boolean qwen = type.equals("qwen2");
        boolean attnBias = c.optBoolean("attention_bias", false);
        long window = -1;
        if (c.has("sliding_window")
                && !c.isNull("sliding_window")
                && (!qwen || c.optBoolean("use_sliding_window", false))) {
            window = c.requireLong("sliding_window");
        }
        if (qwen && window > 0 && !qwenAllLayersSlide(c, c.requireInt("num_hidden_layers"))) {
            window = -1;
        }
        return new LlamaConfig(
                type,
                c.requireLong("vocab_size"),
                hidden,
                c.requireLong("intermediate_size"),
                c.requireInt("num_hidden_layers"),
                heads,
                kvHeads,
                headDim,
                c.optDouble("rms_norm_eps", 1e-6),
                maxPos,
                RopeConfig.parse(c, maxPos),
                c.optBoolean("tie_word_embeddings", false),
                qwen || attnBias,
                attnBias,
                c.optBoolean("mlp_bias", false),
                activation,
                window,
                c.has("dtype") ? c.optString("dtype", "float32") : c.optString("torch_dtype", "float32"),
                c);
    }

    /**
     * Qwen2 slides only in layers {@code i >= max_window_layers} (default 28), or where {@code layer_types} says
     * {@code sliding_attention}. True when every layer slides, false when none does; a mix needs per-layer masks,
     * which this model does not build, so it is refused rather than run with the wrong mask.
     */
    private static boolean qwenAllLayersSlide(JsonConfig c, int layers) {
        int sliding = 0;
        String why;
        if (c.has("layer_types") && !c.isNull("layer_types")) {
            why = "layer_types";
            for (com.fasterxml.jackson.databind.JsonNode t : c.raw("layer_types")) {
                sliding += "sliding_attention".equals(t.asText()) ? 1 : 0;
            }
        } else {
            why = "max_window_layers = " + c.optInt("max_window_layers", 28);
            sliding = Math.max(0, layers - c.optInt("max_window_layers", 28));
        }
        if (sliding != 0 && sliding != layers) {
            throw new UnsupportedModelException("qwen2 config " + c.source() + " uses the sliding window in " + sliding
                    + " of " + layers + " layers (" + why + "): only all or none is supported");
        }
        return sliding == layers;
    }
}
