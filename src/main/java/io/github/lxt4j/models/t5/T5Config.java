package io.github.lxt4j.models.t5;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.UnsupportedModelException;
import java.util.Set;

/**
 * A T5 {@code config.json} (original T5, T5 v1.1, FLAN-T5, mT5), in HF's form.
 *
 * <p>{@code feed_forward_proj} is parsed as HF does: {@code ACT} or {@code gated-ACT}, where ACT is an HF activation
 * name and {@code gated-gelu} means the tanh GELU ({@code gelu_new}). {@code scale_decoder_outputs} (written by
 * transformers 5) says whether the decoder output is scaled by {@code d_model^-0.5} before the head; older configs
 * do not have it, and then the legacy {@code tie_word_embeddings} decides, as in transformers 4.
 *
 * @param gated whether the feed-forward is {@code act(wi_0 x) ⊙ wi_1 x} (else {@code act(wi x)})
 * @param activation the feed-forward activation
 */
public record T5Config(
        String modelType,
        long vocabSize,
        long dModel,
        long dKv,
        long dFf,
        int numHeads,
        int numLayers,
        int numDecoderLayers,
        int relativeAttentionNumBuckets,
        int relativeAttentionMaxDistance,
        double layerNormEpsilon,
        String feedForwardProj,
        boolean gated,
        Activation activation,
        boolean tieWordEmbeddings,
        boolean scaleDecoderOutputs,
        long decoderStartTokenId,
        long padTokenId,
        long eosTokenId,
        JsonConfig source) {

    public static final Set<String> TYPES = Set.of("t5", "mt5");

    public static T5Config parse(JsonConfig c) {
        String type = c.requireString("model_type");
        if (!TYPES.contains(type)) {
            throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + c.source()
                    + ": T5ForConditionalGeneration loads " + TYPES);
        }
        String proj = c.optString("feed_forward_proj", "relu");
        String[] parts = proj.split("-", -1);
        boolean gated = parts.length == 2 && parts[0].equals("gated");
        if (parts.length > 2 || (parts.length == 2 && !gated)) {
            throw new UnsupportedModelException("feed_forward_proj '" + proj + "' in " + c.source()
                    + " is not of the form ACT or gated-ACT (e.g. relu, gated-gelu)");
        }
        String actName = proj.equals("gated-gelu") ? "gelu_new" : parts[parts.length - 1];
        Activation act;
        try {
            act = Activation.fromHf(actName);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("feed_forward_proj '" + proj + "' in " + c.source()
                    + " names activation '" + actName + "', which is not supported: " + e.getMessage());
        }
        int layers = c.optInt("num_layers", 6);
        boolean tie = c.optBoolean("tie_word_embeddings", true);
        long pad = c.optLong("pad_token_id", 0);
        T5Config cfg = new T5Config(
                type,
                c.requireLong("vocab_size"),
                c.optLong("d_model", 512),
                c.optLong("d_kv", 64),
                c.optLong("d_ff", 2048),
                c.optInt("num_heads", 8),
                layers,
                c.optInt("num_decoder_layers", layers),
                c.optInt("relative_attention_num_buckets", 32),
                c.optInt("relative_attention_max_distance", 128),
                c.optDouble("layer_norm_epsilon", 1e-6),
                proj,
                gated,
                act,
                tie,
                c.optBoolean("scale_decoder_outputs", tie),
                c.optLong("decoder_start_token_id", pad),
                pad,
                c.optLong("eos_token_id", 1),
                c);
        cfg.validate();
        return cfg;
    }

    private void validate() {
        positive("vocab_size", vocabSize);
        positive("d_model", dModel);
        positive("d_kv", dKv);
        positive("d_ff", dFf);
        positive("num_heads", numHeads);
        positive("num_layers", numLayers);
        positive("num_decoder_layers", numDecoderLayers);
        ConfigChecks.positiveFinite(source, "layer_norm_epsilon", layerNormEpsilon);
        if (relativeAttentionNumBuckets < 4) {
            throw new ConfigException(source.source() + ": field 'relative_attention_num_buckets' must be >= 4, found "
                    + relativeAttentionNumBuckets);
        }
        if (relativeAttentionMaxDistance <= relativeAttentionNumBuckets / 2) {
            throw new ConfigException(source.source() + ": field 'relative_attention_max_distance' = "
                    + relativeAttentionMaxDistance + " must exceed relative_attention_num_buckets / 2 = "
                    + relativeAttentionNumBuckets / 2);
        }
        if (decoderStartTokenId < 0 || decoderStartTokenId >= vocabSize) {
            throw new ConfigException(source.source() + ": field 'decoder_start_token_id' = " + decoderStartTokenId
                    + " is outside the vocabulary [0, " + vocabSize + ")");
        }
    }

    private void positive(String field, long v) {
        if (v < 1) {
            throw new ConfigException(source.source() + ": field '" + field + "' must be >= 1, found " + v);
        }
    }

    /** The input length allowed when config.json has no {@code n_positions} (HF's T5 tokenizers' limit). */
    public static final long DEFAULT_MAX_POSITIONS = 512;

    /**
     * The longest encoder input and decoder prefix accepted: {@code n_positions} of config.json, else
     * {@value #DEFAULT_MAX_POSITIONS}. T5's positions are relative, so nothing in the weights bounds the length, but
     * memory grows with its square: the bound refuses an input before its attention is allocated.
     */
    public long maxPositions() {
        return source.optLong("n_positions", DEFAULT_MAX_POSITIONS);
    }

    /** How messages name {@link #maxPositions()}. */
    public String maxPositionsField() {
        return source.has("n_positions")
                ? "n_positions"
                : "n_positions (absent from config.json, so lxt4j's default"
                        + " for T5; set it there to allow longer inputs)";
    }

    /** Width of the attention projections, {@code num_heads · d_kv}. */
    public long innerDim() {
        return numHeads * dKv;
    }
}
