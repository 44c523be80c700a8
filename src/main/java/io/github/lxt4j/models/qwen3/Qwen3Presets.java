package io.github.lxt4j.models.qwen3;

import java.util.Map;

/** Bench presets of Qwen3: the shapes of the published config (Qwen/Qwen3-8B). */
final class Qwen3Presets {
    private Qwen3Presets() {}

    static final Map<String, String> PRESETS = Map.of("qwen3-8b", """
                    {"model_type": "qwen3", "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 12288,
                     "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
                     "rms_norm_eps": 1e-6, "max_position_embeddings": 40960, "rope_theta": 1000000.0,
                     "rope_scaling": null, "hidden_act": "silu", "attention_bias": false,
                     "use_sliding_window": false, "sliding_window": null, "max_window_layers": 36,
                     "tie_word_embeddings": false}""");
}
