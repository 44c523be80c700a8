package io.github.lxt4j.models.llama;

import java.util.Map;

/** Bench presets of the LLaMA family: the shapes of the published configs. */
final class LlamaPresets {
    private LlamaPresets() {}

    static final Map<String, String> PRESETS = Map.of(
            "tinyllama-1.1b", """
                    {"model_type": "llama", "vocab_size": 32000, "hidden_size": 2048, "intermediate_size": 5632,
                     "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 2048, "rope_theta": 10000.0,
                     "hidden_act": "silu", "tie_word_embeddings": false}""",
            "llama-2-7b", """
                    {"model_type": "llama", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 4096, "rope_theta": 10000.0,
                     "hidden_act": "silu", "tie_word_embeddings": false}""",
            "llama-3-8b", """
                    {"model_type": "llama", "vocab_size": 128256, "hidden_size": 4096, "intermediate_size": 14336,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 131072, "rope_theta": 500000.0,
                     "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                      "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
                     "hidden_act": "silu", "tie_word_embeddings": false}""",
            "mistral-7b", """
                    {"model_type": "mistral", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 32768, "rope_theta": 10000.0,
                     "sliding_window": 4096, "hidden_act": "silu", "tie_word_embeddings": false}""");
}
