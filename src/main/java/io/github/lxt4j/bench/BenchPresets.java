package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.JsonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Real model shapes (HF config.json fields) for random-weight benchmarks, or a custom config file. */
public final class BenchPresets {
    private BenchPresets() {
    }

    static final Map<String, String> PRESETS = Map.of(
            "tinyllama-1.1b", "{\"model_type\":\"llama\",\"vocab_size\":32000,\"hidden_size\":2048,"
                    + "\"intermediate_size\":5632,\"num_hidden_layers\":22,\"num_attention_heads\":32,"
                    + "\"num_key_value_heads\":4,\"rms_norm_eps\":1e-5,\"max_position_embeddings\":2048,"
                    + "\"rope_theta\":10000.0,\"hidden_act\":\"silu\",\"tie_word_embeddings\":false}",
            "llama-2-7b", "{\"model_type\":\"llama\",\"vocab_size\":32000,\"hidden_size\":4096,"
                    + "\"intermediate_size\":11008,\"num_hidden_layers\":32,\"num_attention_heads\":32,"
                    + "\"num_key_value_heads\":32,\"rms_norm_eps\":1e-5,\"max_position_embeddings\":4096,"
                    + "\"rope_theta\":10000.0,\"hidden_act\":\"silu\",\"tie_word_embeddings\":false}",
            "mixtral-8x7b", "{\"model_type\":\"mixtral\",\"vocab_size\":32000,\"hidden_size\":4096,"
                    + "\"intermediate_size\":14336,\"num_hidden_layers\":32,\"num_attention_heads\":32,"
                    + "\"num_key_value_heads\":8,\"rms_norm_eps\":1e-5,\"max_position_embeddings\":32768,"
                    + "\"rope_theta\":1000000.0,\"hidden_act\":\"silu\",\"num_local_experts\":8,"
                    + "\"num_experts_per_tok\":2,\"tie_word_embeddings\":false}");

    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(PRESETS.keySet());
    }

    /** A preset by name or a config.json path, with num_hidden_layers optionally overridden. */
    public static JsonConfig resolve(String nameOrPath, Integer layers) {
        ObjectMapper json = new ObjectMapper();
        try {
            String text = PRESETS.get(nameOrPath);
            String source = "preset " + nameOrPath;
            if (text == null) {
                Path p = Path.of(nameOrPath);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("--config '" + nameOrPath + "' is neither a preset "
                            + names() + " nor a config file");
                }
                text = Files.readString(p);
                source = p.toString();
            }
            ObjectNode node = (ObjectNode) json.readTree(text);
            if (layers != null) {
                node.put("num_hidden_layers", layers);
            }
            return JsonConfig.of(node, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
