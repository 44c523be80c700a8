package io.github.lxt4j.models.llama;

import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny LLaMA-family checkpoint (llama, mistral, qwen2 layouts) with seeded random weights, written as HF lays it
 * out: optional q/k/v and o biases, MLP biases, and a tied head (no {@code lm_head.weight}).
 */
final class RandomLlama {

    /** The shape of the random model. {@code headDim} may differ from hidden / heads. */
    record Shape(
            int vocab,
            int hidden,
            int heads,
            int kvHeads,
            int headDim,
            int intermediate,
            int layers,
            boolean qkvBias,
            boolean oBias,
            boolean mlpBias,
            boolean tied) {}

    final Shape s;
    private final Map<String, double[]> w = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random rnd;

    RandomLlama(long seed, Shape s) {
        this.s = s;
        rnd = new Random(seed);
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        put("model.embed_tokens.weight", 1.0, s.vocab(), s.hidden());
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            norm(p + "input_layernorm.weight");
            put(p + "self_attn.q_proj.weight", 0.4, q, s.hidden());
            put(p + "self_attn.k_proj.weight", 0.4, kv, s.hidden());
            put(p + "self_attn.v_proj.weight", 0.4, kv, s.hidden());
            put(p + "self_attn.o_proj.weight", 0.3, s.hidden(), q);
            if (s.qkvBias()) {
                put(p + "self_attn.q_proj.bias", 0.5, q);
                put(p + "self_attn.k_proj.bias", 0.5, kv);
                put(p + "self_attn.v_proj.bias", 0.5, kv);
            }
            if (s.oBias()) {
                put(p + "self_attn.o_proj.bias", 0.5, s.hidden());
            }
            norm(p + "post_attention_layernorm.weight");
            put(p + "mlp.gate_proj.weight", 0.4, s.intermediate(), s.hidden());
            put(p + "mlp.up_proj.weight", 0.4, s.intermediate(), s.hidden());
            put(p + "mlp.down_proj.weight", 0.3, s.hidden(), s.intermediate());
            if (s.mlpBias()) {
                put(p + "mlp.gate_proj.bias", 0.5, s.intermediate());
                put(p + "mlp.up_proj.bias", 0.5, s.intermediate());
                put(p + "mlp.down_proj.bias", 0.5, s.hidden());
            }
        }
        norm("model.norm.weight");
        if (!s.tied()) {
            put("lm_head.weight", 0.5, s.vocab(), s.hidden());
        }
    }

    private void norm(String key) {
        double[] v = new double[s.hidden()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + 0.2 * rnd.nextGaussian();
        }
        w.put(key, v);
        shapes.put(key, new long[] {v.length});
    }

    private void put(String key, double scale, int... dims) {
        int n = 1;
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            n *= dims[i];
            shape[i] = dims[i];
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rnd.nextGaussian();
        }
        w.put(key, v);
        shapes.put(key, shape);
    }

    boolean has(String key) {
        return w.containsKey(key);
    }

    /** A weight as the model sees it after the F32 round trip, row-major. */
    double[] get(String key) {
        double[] v = w.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no weight " + key);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * Writes model.safetensors (F32) and config.json: the shape's members plus {@code extraConfig} (JSON members,
     * e.g. rope and sliding-window settings).
     */
    Path write(Path dir, String modelType, String extraConfig) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            tensors.put(e.getKey(), TensorData.ofDoubles(e.getValue(), DType.FLOAT32, shapes.get(e.getKey())));
        }
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
            String cfg = "{\n  \"model_type\": \"" + modelType + "\",\n  \"vocab_size\": " + s.vocab()
                    + ",\n  \"hidden_size\": " + s.hidden() + ",\n  \"intermediate_size\": " + s.intermediate()
                    + ",\n  \"num_hidden_layers\": " + s.layers() + ",\n  \"num_attention_heads\": " + s.heads()
                    + ",\n  \"num_key_value_heads\": " + s.kvHeads() + ",\n  \"head_dim\": " + s.headDim()
                    + ",\n  \"hidden_act\": \"silu\",\n  \"tie_word_embeddings\": " + s.tied()
                    + ",\n  \"mlp_bias\": " + s.mlpBias()
                    + (extraConfig.isEmpty() ? "" : ",\n  " + extraConfig) + "\n}\n";
            Files.writeString(dir.resolve("config.json"), cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
