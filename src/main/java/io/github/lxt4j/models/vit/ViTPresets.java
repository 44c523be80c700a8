package io.github.lxt4j.models.vit;

import java.util.Map;

/** Bench presets of the ViT family: the shapes of the published configs. */
final class ViTPresets {
    private ViTPresets() {}

    static final Map<String, String> PRESETS = Map.of("vit-base-16", """
                    {"model_type": "vit", "architectures": ["ViTForImageClassification"], "hidden_size": 768,
                     "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
                     "hidden_act": "gelu", "layer_norm_eps": 1e-12, "image_size": 224, "patch_size": 16,
                     "num_channels": 3, "qkv_bias": true, "num_labels": 1000}""");
}
