package io.github.lxt4j.models.vit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.UnsupportedModelException;

/**
 * The config of an HF {@code ViTForImageClassification} ({@code model_type} {@code vit}), as transformers v4 and v5
 * write it: {@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads}, {@code intermediate_size},
 * {@code hidden_act}, {@code layer_norm_eps}, {@code image_size}, {@code patch_size}, {@code num_channels},
 * {@code qkv_bias}, {@code id2label} / {@code num_labels}, {@code problem_type} and {@code architectures}.
 */
public record ViTConfig(
        long hiddenSize,
        int numLayers,
        int numHeads,
        long intermediateSize,
        Activation hiddenAct,
        double layerNormEps,
        int imageSize,
        int patchSize,
        int numChannels,
        boolean qkvBias,
        ClassLabels labels,
        JsonConfig source) {

    /** @throws ConfigException or {@link UnsupportedModelException} naming the file, field and value */
    public static ViTConfig parse(JsonConfig c) {
        String type = c.requireString("model_type");
        if (!type.equals("vit")) {
            throw new UnsupportedModelException(
                    "unsupported model_type '" + type + "' in " + c.source() + ": the ViT family loads 'vit'");
        }
        JsonNode arch = c.raw("architectures");
        if (arch != null
                && arch.isArray()
                && !arch.isEmpty()
                && !arch.get(0).asText().equals("ViTForImageClassification")) {
            throw new UnsupportedModelException(c.source() + ": field 'architectures' is " + arch + ": lxt4j"
                    + " explains ViTForImageClassification (a classifier on the class token)");
        }
        long hidden = ConfigChecks.positive(c, "hidden_size", c.optLong("hidden_size", 768));
        int heads = (int) ConfigChecks.positive(c, "num_attention_heads", c.optInt("num_attention_heads", 12));
        if (hidden % heads != 0) {
            throw new ConfigException(c.source() + ": hidden_size = " + hidden + " is not a multiple of"
                    + " num_attention_heads = " + heads);
        }
        int layers = (int) ConfigChecks.positive(c, "num_hidden_layers", c.optInt("num_hidden_layers", 12));
        long inter = ConfigChecks.positive(c, "intermediate_size", c.optLong("intermediate_size", 3072));
        String act = c.optString("hidden_act", "gelu");
        Activation activation;
        try {
            activation = Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(
                    c.source() + ": field 'hidden_act' is '" + act + "': " + e.getMessage());
        }
        double eps = ConfigChecks.positiveFinite(c, "layer_norm_eps", c.optDouble("layer_norm_eps", 1e-12));
        int image = square(c, "image_size", 224);
        int patch = square(c, "patch_size", 16);
        if (image % patch != 0) {
            throw new ConfigException(
                    c.source() + ": image_size = " + image + " is not a multiple of patch_size = " + patch);
        }
        int channels = (int) ConfigChecks.positive(c, "num_channels", c.optInt("num_channels", 3));
        return new ViTConfig(
                hidden,
                layers,
                heads,
                inter,
                activation,
                eps,
                image,
                patch,
                channels,
                c.optBoolean("qkv_bias", true),
                ClassLabels.parse(c),
                c);
    }

    /** A side: a number, or a list [h, w] of two equal numbers. */
    private static int square(JsonConfig c, String field, int fallback) {
        if (!c.has(field) || c.isNull(field)) {
            return fallback;
        }
        long[] v = c.longList(field);
        if (v.length == 0 || v.length > 2 || (v.length == 2 && v[0] != v[1])) {
            throw new UnsupportedModelException(
                    c.source() + ": field '" + field + "' must be one number (a square)," + " found " + c.raw(field));
        }
        return (int) ConfigChecks.positive(c, field, v[0]);
    }

    public long headDim() {
        return hiddenSize / numHeads;
    }

    /** Patches per side. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Tokens the encoder sees: the patches and the class token. */
    public int tokens() {
        return grid() * grid() + 1;
    }
}
