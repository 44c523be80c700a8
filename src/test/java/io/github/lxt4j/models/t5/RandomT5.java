package io.github.lxt4j.models.t5;

import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A small original-T5 (relu FF) checkpoint with seeded random weights, written as HF lays it out. */
final class RandomT5 {
    static final int VOCAB = 23;
    static final int D = 8;
    static final int DKV = 3;
    static final int HEADS = 2;
    static final int INNER = DKV * HEADS;
    static final int FF = 16;
    static final int ENC_LAYERS = 2;
    static final int DEC_LAYERS = 3;
    static final int BUCKETS = 8;
    static final int MAX_DISTANCE = 16;

    /** Weights by HF key, row-major. */
    final Map<String, double[]> w = new LinkedHashMap<>();

    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random rnd;

    RandomT5(long seed, boolean withLmHead, int lmHeadRows) {
        rnd = new Random(seed);
        put("shared.weight", 1.0, VOCAB, D);
        for (String stack : new String[] {"encoder", "decoder"}) {
            boolean dec = stack.equals("decoder");
            for (int i = 0; i < (dec ? DEC_LAYERS : ENC_LAYERS); i++) {
                String b = stack + ".block." + i + ".layer.";
                attention(b + "0.SelfAttention");
                if (i == 0) {
                    put(b + "0.SelfAttention.relative_attention_bias.weight", 1.0, BUCKETS, HEADS);
                }
                norm(b + "0.layer_norm.weight");
                String ff = b + (dec ? "2" : "1");
                if (dec) {
                    attention(b + "1.EncDecAttention");
                    norm(b + "1.layer_norm.weight");
                }
                put(ff + ".DenseReluDense.wi.weight", 0.5, FF, D);
                put(ff + ".DenseReluDense.wo.weight", 0.3, D, FF);
                norm(ff + ".layer_norm.weight");
            }
            norm(stack + ".final_layer_norm.weight");
        }
        if (withLmHead) {
            put("lm_head.weight", 1.0, lmHeadRows, D);
        }
    }

    private void attention(String p) {
        put(p + ".q.weight", 0.5, INNER, D);
        put(p + ".k.weight", 0.5, INNER, D);
        put(p + ".v.weight", 0.5, INNER, D);
        put(p + ".o.weight", 0.5, D, INNER);
    }

    private void norm(String key) {
        double[] v = new double[D];
        for (int i = 0; i < D; i++) {
            v[i] = 1 + 0.2 * rnd.nextGaussian();
        }
        w.put(key, v);
        shapes.put(key, new long[] {D});
    }

    private void put(String key, double scale, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * rnd.nextGaussian();
        }
        w.put(key, v);
        shapes.put(key, new long[] {rows, cols});
    }

    /** Writes model.safetensors (F32) and a config.json with {@code extraConfig} (JSON members) to {@code dir}. */
    Path write(Path dir, String extraConfig) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            tensors.put(
                    e.getKey(),
                    TensorData.ofDoubles(e.getValue(), io.github.lxt4j.tensor.DType.FLOAT32, shapes.get(e.getKey())));
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        String cfg = "{\n  \"model_type\": \"t5\",\n  \"vocab_size\": " + VOCAB + ",\n  \"d_model\": " + D
                + ",\n  \"d_kv\": " + DKV + ",\n  \"d_ff\": " + FF + ",\n  \"num_heads\": " + HEADS
                + ",\n  \"num_layers\": " + ENC_LAYERS + ",\n  \"num_decoder_layers\": " + DEC_LAYERS
                + ",\n  \"relative_attention_num_buckets\": " + BUCKETS
                + ",\n  \"relative_attention_max_distance\": " + MAX_DISTANCE
                + ",\n  \"layer_norm_epsilon\": 1e-06,\n  \"decoder_start_token_id\": 0,\n  \"pad_token_id\": 0,\n"
                + "  \"eos_token_id\": 1" + (extraConfig.isEmpty() ? "" : ",\n  " + extraConfig) + "\n}\n";
        try {
            Files.writeString(dir.resolve("config.json"), cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Weights as the model sees them after the F32 round trip. */
    double[] get(String key) {
        double[] v = w.get(key);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
