package io.github.lxt4j.models.mixtral;

import java.util.Map;

/** Bench presets of Mixtral: the shapes of the published config. */
final class MixtralPresets {
    private MixtralPresets() {}

    static final Map<String, String> PRESETS = Map.of("mixtral-8x7b", """
                    {"model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 32768, "rope_theta": 1000000.0,
                     "hidden_act": "silu", "num_local_experts": 8, "num_experts_per_tok": 2,
                     "tie_word_embeddings": false}""");
}
