package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;

/**
 * A GPT-2 config ({@code model_type} gpt2) as HF's {@code GPT2Config} reads {@code config.json}: the GPT-2 field
 * names ({@code n_embd}, {@code n_layer}, {@code n_head}, {@code n_positions}) or their generic aliases
 * ({@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads}, {@code max_position_embeddings}),
 * each with HF's default (GPT-2 small) when absent. v4 and v5 files differ only in {@code torch_dtype} /
 * {@code dtype}, which the model does not need.
 *
 * @param innerSize the MLP width: {@code n_inner}, or 4·{@code n_embd} when it is null or absent
 * @param scaleAttnWeights scores divided by sqrt(head_dim)
 * @param scaleAttnByInverseLayerIdx scores further divided by (layer index + 1)
 * @param reorderAndUpcastAttn HF's float32 attention for mixed-precision training: the same scores in float32 and
 *     float64, which is what lxt4j computes them in
 */
public record Gpt2Config(
        long vocabSize,
        long maxPositions,
        long hiddenSize,
        int numLayers,
        int numHeads,
        long innerSize,
        Activation activation,
        double layerNormEps,
        boolean scaleAttnWeights,
        boolean scaleAttnByInverseLayerIdx,
        boolean reorderAndUpcastAttn,
        boolean tieWordEmbeddings,
        JsonConfig source) {

    public static final String MODEL_TYPE = "gpt2";

    public static Gpt2Config parse(JsonConfig c) {
        String type = c.requireString("model_type");
        if (!type.equals(MODEL_TYPE)) {
            throw new UnsupportedModelException("model_type '" + type + "' in " + c.source()
                    + " is not GPT-2: the gpt2 family loads model_type 'gpt2'");
        }
        long vocab = ConfigChecks.positive(c, "vocab_size", c.optLong("vocab_size", 50257));
        long positions =
                ConfigChecks.positive(c, "n_positions", aliased(c, "n_positions", "max_position_embeddings", 1024));
        long hidden = ConfigChecks.positive(c, "n_embd", aliased(c, "n_embd", "hidden_size", 768));
        long layers = ConfigChecks.positive(c, "n_layer", aliased(c, "n_layer", "num_hidden_layers", 12));
        long heads = ConfigChecks.positive(c, "n_head", aliased(c, "n_head", "num_attention_heads", 12));
        if (hidden % heads != 0) {
            throw new ConfigException(c.source() + ": n_embd = " + hidden + " is not a multiple of n_head = " + heads
                    + " (GPT-2's head_dim is n_embd / n_head)");
        }
        long inner = c.has("n_inner") && !c.isNull("n_inner")
                ? ConfigChecks.positive(c, "n_inner", c.requireLong("n_inner"))
                : 4 * hidden;
        double eps = ConfigChecks.positiveFinite(c, "layer_norm_epsilon", c.optDouble("layer_norm_epsilon", 1e-5));
        if (c.optBoolean("add_cross_attention", false)) {
            throw new UnsupportedModelException(c.source() + ": add_cross_attention = true is not supported: its"
                    + " cross-attention blocks attend to an encoder (GPT-2 as the decoder of an EncoderDecoderModel),"
                    + " and lxt4j explains GPT-2 as a causal LM only");
        }
        return new Gpt2Config(
                vocab,
                positions,
                hidden,
                (int) layers,
                (int) heads,
                inner,
                activation(c),
                eps,
                c.optBoolean("scale_attn_weights", true),
                c.optBoolean("scale_attn_by_inverse_layer_idx", false),
                c.optBoolean("reorder_and_upcast_attn", false),
                c.optBoolean("tie_word_embeddings", true),
                c);
    }

    /** The width of one attention head. */
    public int headDim() {
        return (int) (hiddenSize / numHeads);
    }

    /** Multiplier of q·kᵀ in block {@code layer}: 1/sqrt(head_dim) and 1/(layer + 1) where the config asks. */
    public double attentionScaling(int layer) {
        double s = scaleAttnWeights ? 1 / Math.sqrt(headDim()) : 1;
        return scaleAttnByInverseLayerIdx ? s / (layer + 1) : s;
    }

    private static Activation activation(JsonConfig c) {
        String name = c.optString("activation_function", "gelu_new");
        try {
            return Activation.fromHf(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("unsupported activation_function '" + name + "' in " + c.source()
                    + ": expected gelu_new, gelu_pytorch_tanh, gelu_fast, gelu, quick_gelu, relu or silu");
        }
    }

    /** {@code name} or its alias (HF's attribute_map); both present with different values is an error. */
    private static long aliased(JsonConfig c, String name, String alias, long defaultValue) {
        boolean hasName = c.has(name) && !c.isNull(name);
        boolean hasAlias = c.has(alias) && !c.isNull(alias);
        if (hasName && hasAlias && c.requireLong(name) != c.requireLong(alias)) {
            throw new ConfigException(c.source() + ": " + name + " = " + c.requireLong(name) + " and its alias " + alias
                    + " = " + c.requireLong(alias) + " disagree");
        }
        return hasName ? c.requireLong(name) : hasAlias ? c.requireLong(alias) : defaultValue;
    }
}
