package io.github.lxt4j.models.gpt2;

import java.util.Map;

/** Bench presets of GPT-2: the shapes of the published config (openai-community/gpt2). */
final class Gpt2Presets {
    private Gpt2Presets() {}

    static final Map<String, String> PRESETS = Map.of("gpt2", """
                    {"model_type": "gpt2", "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12,
                     "n_head": 12, "n_inner": null, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
                     "scale_attn_weights": true, "tie_word_embeddings": true}""");
}
