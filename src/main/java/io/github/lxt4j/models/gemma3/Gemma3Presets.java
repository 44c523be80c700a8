package io.github.lxt4j.models.gemma3;

import java.util.Map;

/** Bench presets of Gemma 3: the shapes of the published configs. */
final class Gemma3Presets {
    private Gemma3Presets() {}

    /**
     * {@code gemma-3-4b}: the {@code text_config} of google/gemma-3-4b-it with the Gemma3TextConfig defaults it
     * relies on written out (vocabulary, head_dim, query_pre_attn_scalar, local θ, pattern), in the v4 form.
     */
    static final Map<String, String> PRESETS = Map.of("gemma-3-4b", """
                    {"model_type": "gemma3_text", "vocab_size": 262208, "hidden_size": 2560,
                     "intermediate_size": 10240, "num_hidden_layers": 34, "num_attention_heads": 8,
                     "num_key_value_heads": 4, "head_dim": 256, "query_pre_attn_scalar": 256,
                     "sliding_window": 1024, "sliding_window_pattern": 6, "rope_theta": 1000000.0,
                     "rope_scaling": {"rope_type": "linear", "factor": 8.0}, "rope_local_base_freq": 10000.0,
                     "rms_norm_eps": 1e-6, "max_position_embeddings": 131072,
                     "hidden_activation": "gelu_pytorch_tanh", "tie_word_embeddings": true}""");
}
