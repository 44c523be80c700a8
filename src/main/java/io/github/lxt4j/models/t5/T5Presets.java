package io.github.lxt4j.models.t5;

import java.util.Map;

/** Bench presets of T5: the shapes of the published config. */
final class T5Presets {
    private T5Presets() {}

    static final Map<String, String> PRESETS = Map.of("t5-base", """
                    {"model_type": "t5", "vocab_size": 32128, "d_model": 768, "d_kv": 64, "d_ff": 3072,
                     "num_heads": 12, "num_layers": 12, "num_decoder_layers": 12,
                     "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,
                     "feed_forward_proj": "relu", "layer_norm_epsilon": 1e-6, "tie_word_embeddings": true,
                     "decoder_start_token_id": 0, "pad_token_id": 0, "eos_token_id": 1}""");
}
