package io.github.lxt4j.models.phi3;

import java.util.Map;

/** Bench presets of Phi-3: the shapes of the published configs. */
final class Phi3Presets {
    private Phi3Presets() {}

    /** microsoft/Phi-3-mini-4k-instruct. */
    static final Map<String, String> PRESETS = Map.of("phi-3-mini", """
                    {"model_type": "phi3", "vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
                     "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "rope_scaling": null,
                     "max_position_embeddings": 4096, "original_max_position_embeddings": 4096,
                     "sliding_window": 2047, "hidden_act": "silu", "tie_word_embeddings": false}""");
}
