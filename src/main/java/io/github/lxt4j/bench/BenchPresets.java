package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real model shapes for random-weight benchmarks, in the config format each family's loader reads (HF
 * {@code config.json}; for CLIP, OpenCLIP's model config as in {@code open_clip_config.json}'s {@code model_cfg}),
 * or a custom config file of any of those formats.
 */
public final class BenchPresets {
    private BenchPresets() {
    }

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
                     "sliding_window": 4096, "hidden_act": "silu", "tie_word_embeddings": false}""",
            "mixtral-8x7b", """
                    {"model_type": "mixtral", "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
                     "rms_norm_eps": 1e-5, "max_position_embeddings": 32768, "rope_theta": 1000000.0,
                     "hidden_act": "silu", "num_local_experts": 8, "num_experts_per_tok": 2,
                     "tie_word_embeddings": false}""",
            "t5-base", """
                    {"model_type": "t5", "vocab_size": 32128, "d_model": 768, "d_kv": 64, "d_ff": 3072,
                     "num_heads": 12, "num_layers": 12, "num_decoder_layers": 12,
                     "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,
                     "feed_forward_proj": "relu", "layer_norm_epsilon": 1e-6, "tie_word_embeddings": true,
                     "decoder_start_token_id": 0, "pad_token_id": 0, "eos_token_id": 1}""",
            "clip-vit-b-16", """
                    {"embed_dim": 512,
                     "vision_cfg": {"image_size": 224, "patch_size": 16, "width": 768, "layers": 12,
                                    "head_width": 64, "mlp_ratio": 4.0},
                     "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8,
                                  "layers": 12}}""");

    public static Set<String> names() {
        return new TreeSet<>(PRESETS.keySet());
    }

    /**
     * A preset by name or a config file, checked by its family's parser, with every stack's depth set to
     * {@code layers} when that is not null (see {@link BenchFamily}).
     */
    public static JsonConfig resolve(String nameOrPath, Integer layers) {
        JsonConfig config = load(nameOrPath);
        BenchFamily family = BenchFamily.of(config);
        family.validate(config);
        if (layers == null) {
            return config;
        }
        ObjectNode copy = ((ObjectNode) config.raw()).deepCopy();
        family.setLayers(copy, layers);
        return JsonConfig.of(copy, config.source() + " with --layers " + layers);
    }

    private static JsonConfig load(String nameOrPath) {
        String text = PRESETS.get(nameOrPath);
        if (text != null) {
            try {
                return JsonConfig.of(new ObjectMapper().readTree(text), "preset " + nameOrPath);
            } catch (IOException e) {
                throw new IllegalStateException("preset " + nameOrPath + " is not valid JSON", e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new BenchOptionException("--config '" + nameOrPath + "' is neither a preset " + names()
                    + " nor a config file");
        }
        return JsonConfig.read(p);
    }
}
