package io.github.lxt4j.models.phi3;

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
 * A tiny Phi-3 checkpoint with seeded random weights, laid out as HF writes it: fused {@code qkv_proj} and
 * {@code gate_up_proj}, no biases, {@code lm_head.weight} unless tied.
 */
final class RandomPhi3 {

    /** The shape of the random model; {@code headDim} is hidden / heads. */
    record Shape(int vocab, int hidden, int heads, int kvHeads, int intermediate, int layers, boolean tied) {
        int headDim() {
            return hidden / heads;
        }
    }

    final Shape s;
    private final Map<String, double[]> w = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random rnd;

    RandomPhi3(long seed, Shape s) {
        this.s = s;
        rnd = new Random(seed);
        int qkv = (s.heads() + 2 * s.kvHeads()) * s.headDim();
        put("model.embed_tokens.weight", 1.0, s.vocab(), s.hidden());
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            norm(p + "input_layernorm.weight");
            put(p + "self_attn.qkv_proj.weight", 0.4, qkv, s.hidden());
            put(p + "self_attn.o_proj.weight", 0.3, s.hidden(), s.heads() * s.headDim());
            norm(p + "post_attention_layernorm.weight");
            put(p + "mlp.gate_up_proj.weight", 0.4, 2 * s.intermediate(), s.hidden());
            put(p + "mlp.down_proj.weight", 0.3, s.hidden(), s.intermediate());
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

    private void put(String key, double scale, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * rnd.nextGaussian();
        }
        w.put(key, v);
        shapes.put(key, new long[] {rows, cols});
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

    /** Writes model.safetensors (F32) and config.json: the shape's fields plus {@code extraConfig} (JSON members). */
    Path write(Path dir, String extraConfig) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            tensors.put(e.getKey(), TensorData.ofDoubles(e.getValue(), DType.FLOAT32, shapes.get(e.getKey())));
        }
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
            String cfg = "{\n  \"model_type\": \"phi3\",\n  \"architectures\": [\"Phi3ForCausalLM\"],\n"
                    + "  \"vocab_size\": " + s.vocab() + ",\n  \"hidden_size\": " + s.hidden()
                    + ",\n  \"intermediate_size\": " + s.intermediate() + ",\n  \"num_hidden_layers\": " + s.layers()
                    + ",\n  \"num_attention_heads\": " + s.heads() + ",\n  \"num_key_value_heads\": " + s.kvHeads()
                    + ",\n  \"hidden_act\": \"silu\",\n  \"tie_word_embeddings\": " + s.tied()
                    + ",\n  \"resid_pdrop\": 0.1,\n  \"embd_pdrop\": 0.1,\n  \"attention_dropout\": 0.1"
                    + (extraConfig.isEmpty() ? "" : ",\n  " + extraConfig) + "\n}\n";
            Files.writeString(dir.resolve("config.json"), cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
