package io.github.lxt4j.models.qwen3moe;

import java.util.Map;

/** Bench presets of Qwen3-MoE: the shapes of the published config (Qwen/Qwen3-30B-A3B). */
final class Qwen3MoePresets {
    private Qwen3MoePresets() {}

    static final Map<String, String> PRESETS = Map.of("qwen3-30b-a3b", """
                    {"model_type": "qwen3_moe", "vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 6144,
                     "num_hidden_layers": 48, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128,
                     "rms_norm_eps": 1e-6, "max_position_embeddings": 40960, "rope_theta": 1000000.0,
                     "rope_scaling": null, "hidden_act": "silu", "attention_bias": false,
                     "num_experts": 128, "num_experts_per_tok": 8, "moe_intermediate_size": 768,
                     "norm_topk_prob": true, "decoder_sparse_step": 1, "mlp_only_layers": [],
                     "use_sliding_window": false, "sliding_window": null, "max_window_layers": 48,
                     "tie_word_embeddings": false}""");
}
