package io.github.lxt4j.models.openclip;

import java.util.Map;

/** Bench presets of CLIP, as OpenCLIP model configs: the shapes of the published configs. */
final class ClipPresets {
    private ClipPresets() {}

    static final Map<String, String> PRESETS = Map.of("clip-vit-b-16", """
                    {"embed_dim": 512,
                     "vision_cfg": {"image_size": 224, "patch_size": 16, "width": 768, "layers": 12,
                                    "head_width": 64, "mlp_ratio": 4.0},
                     "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8,
                                  "layers": 12}}""");
}
