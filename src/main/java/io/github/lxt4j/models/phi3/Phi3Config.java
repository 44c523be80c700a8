package io.github.lxt4j.models.phi3;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;

/**
 * A Phi-3 {@code config.json} ({@code model_type} phi3, HF v4 or v5 style) as HF's {@code Phi3Config} reads it.
 * Defaults are Phi-3's, not LLaMA's: rms_norm_eps 1e-5, max_position_embeddings 4096,
 * original_max_position_embeddings 4096. Phi-3 has no biases (HF ignores {@code attention_bias} and
 * {@code mlp_bias}); the dropouts are training-only.
 *
 * @param base the decoder settings in LLaMA's form (no biases; {@code rope} is the frequency schedule)
 * @param rotaryDim the leading dims of each head that rotate ({@code head_dim · partial_rotary_factor})
 */
public record Phi3Config(LlamaConfig base, int rotaryDim) {

    public static final String MODEL_TYPE = "phi3";

    public static Phi3Config parse(JsonConfig c) {
        String type = c.requireString("model_type");
        if (!type.equals(MODEL_TYPE)) {
            throw new UnsupportedModelException("model_type '" + type + "' in " + c.source() + " is not phi3");
        }
        long vocab = ConfigChecks.positive(c, "vocab_size", c.optLong("vocab_size", 32064));
        long hidden = ConfigChecks.positive(c, "hidden_size", c.optLong("hidden_size", 3072));
        long intermediate = ConfigChecks.positive(c, "intermediate_size", c.optLong("intermediate_size", 8192));
        int layers = (int) ConfigChecks.positive(c, "num_hidden_layers", c.optInt("num_hidden_layers", 32));
        int heads = (int) ConfigChecks.positive(c, "num_attention_heads", c.optInt("num_attention_heads", 32));
        int kvHeads = (int) ConfigChecks.positive(c, "num_key_value_heads", c.optInt("num_key_value_heads", heads));
        if (heads % kvHeads != 0) {
            throw new UnsupportedModelException("num_attention_heads = " + heads
                    + " is not a multiple of num_key_value_heads = " + kvHeads + " in " + c.source());
        }
        int headDim = headDim(c, hidden, heads);
        double eps = ConfigChecks.positiveFinite(c, "rms_norm_eps", c.optDouble("rms_norm_eps", 1e-5));
        long maxPos = ConfigChecks.positive(c, "max_position_embeddings", c.optLong("max_position_embeddings", 4096));
        Phi3RopeConfig rope = Phi3RopeConfig.parse(c, headDim, maxPos);
        String act = c.optString("hidden_act", "silu");
        Activation activation;
        try {
            activation = Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(
                    "unsupported hidden_act '" + act + "' in " + c.source() + ": " + e.getMessage());
        }
        long window = -1;
        if (c.has("sliding_window") && !c.isNull("sliding_window")) {
            window = ConfigChecks.positive(c, "sliding_window", c.requireLong("sliding_window"));
        }
        String dtype = c.has("dtype") ? c.optString("dtype", "float32") : c.optString("torch_dtype", "float32");
        LlamaConfig base = new LlamaConfig(
                MODEL_TYPE,
                vocab,
                hidden,
                intermediate,
                layers,
                heads,
                kvHeads,
                headDim,
                eps,
                maxPos,
                rope.scaling(),
                c.optBoolean("tie_word_embeddings", false),
                false,
                false,
                false,
                activation,
                window,
                dtype,
                c);
        return new Phi3Config(base, rope.rotaryDim());
    }

    /** HF: {@code getattr(config, "head_dim", hidden_size // num_attention_heads)}. */
    private static int headDim(JsonConfig c, long hidden, int heads) {
        if (c.has("head_dim") && !c.isNull("head_dim")) {
            return (int) ConfigChecks.positive(c, "head_dim", c.requireInt("head_dim"));
        }
        if (hidden % heads != 0) {
            throw new ConfigException(c.source() + ": hidden_size = " + hidden + " is not a multiple of"
                    + " num_attention_heads = " + heads + " and there is no head_dim");
        }
        return (int) (hidden / heads);
    }
}
