package io.github.lxt4j.models.openclip;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.ClipFixture;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test folders made from the openclip-tiny fixture: its weights under HF CLIPModel names, or with keys left out. */
final class ClipFolders {
    private ClipFolders() {}

    static Map<String, TensorData> openClipWeights() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (SafetensorsFile f =
                SafetensorsFile.open(Fixtures.dir(ClipFixture.FIXTURE).resolve("open_clip_model.safetensors"))) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                out.put(k, TensorData.ofFloats(d.toFloats(), d.shape()));
            }
        }
        return out;
    }

    private static final Pattern BLOCK = Pattern.compile("(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.(.*)");

    /** The fixture's weights renamed (and split, transposed) as HF's CLIPModel stores them. */
    static Map<String, TensorData> hfWeights() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : openClipWeights().entrySet()) {
            String k = e.getKey();
            TensorData d = e.getValue();
            Matcher m = BLOCK.matcher(k);
            if (m.matches()) {
                String p = (m.group(1) != null ? "vision_model" : "text_model") + ".encoder.layers." + m.group(2) + ".";
                String rest = m.group(3);
                if (rest.equals("attn.in_proj_weight") || rest.equals("attn.in_proj_bias")) {
                    String suffix = rest.endsWith("weight") ? ".weight" : ".bias";
                    String[] names = {"q_proj", "k_proj", "v_proj"};
                    float[] all = d.toFloats();
                    long rows = d.shape()[0] / 3;
                    long cols = d.shape().length == 2 ? d.shape()[1] : 1;
                    for (int i = 0; i < 3; i++) {
                        float[] part = java.util.Arrays.copyOfRange(
                                all, (int) (i * rows * cols), (int) ((i + 1) * rows * cols));
                        out.put(
                                p + "self_attn." + names[i] + suffix,
                                d.shape().length == 2
                                        ? TensorData.ofFloats(part, rows, cols)
                                        : TensorData.ofFloats(part, rows));
                    }
                    continue;
                }
                rest = rest.replace("attn.out_proj", "self_attn.out_proj")
                        .replace("ln_1", "layer_norm1")
                        .replace("ln_2", "layer_norm2")
                        .replace("mlp.c_fc", "mlp.fc1")
                        .replace("mlp.c_proj", "mlp.fc2");
                out.put(p + rest, d);
                continue;
            }
            switch (k) {
                case "visual.conv1.weight":
                    out.put("vision_model.embeddings.patch_embedding.weight", d);
                    break;
                case "visual.class_embedding":
                    out.put("vision_model.embeddings.class_embedding", d);
                    break;
                case "visual.positional_embedding":
                    out.put("vision_model.embeddings.position_embedding.weight", d);
                    break;
                case "visual.ln_pre.weight":
                    out.put("vision_model.pre_layrnorm.weight", d);
                    break;
                case "visual.ln_pre.bias":
                    out.put("vision_model.pre_layrnorm.bias", d);
                    break;
                case "visual.ln_post.weight":
                    out.put("vision_model.post_layernorm.weight", d);
                    break;
                case "visual.ln_post.bias":
                    out.put("vision_model.post_layernorm.bias", d);
                    break;
                case "visual.proj":
                    out.put("visual_projection.weight", transpose(d));
                    break;
                case "token_embedding.weight":
                    out.put("text_model.embeddings.token_embedding.weight", d);
                    break;
                case "positional_embedding":
                    out.put("text_model.embeddings.position_embedding.weight", d);
                    break;
                case "ln_final.weight":
                    out.put("text_model.final_layer_norm.weight", d);
                    break;
                case "ln_final.bias":
                    out.put("text_model.final_layer_norm.bias", d);
                    break;
                case "text_projection":
                    out.put("text_projection.weight", transpose(d));
                    break;
                case "logit_scale":
                    out.put("logit_scale", d);
                    break;
                default:
                    throw new IllegalStateException("unmapped fixture key " + k);
            }
        }
        return out;
    }

    static TensorData transpose(TensorData d) {
        int r = (int) d.shape()[0];
        int c = (int) d.shape()[1];
        float[] in = d.toFloats();
        float[] out = new float[in.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = in[i * c + j];
            }
        }
        return TensorData.ofFloats(out, c, r);
    }

    static String hfConfig(long eosTokenId) {
        return "{\n"
                + "  \"architectures\": [\"CLIPModel\"],\n"
                + "  \"model_type\": \"clip\",\n"
                + "  \"projection_dim\": 32,\n"
                + "  \"logit_scale_init_value\": 2.6592,\n"
                + "  \"text_config\": {\"model_type\": \"clip_text_model\", \"vocab_size\": 320, \"hidden_size\": 64,\n"
                + "    \"intermediate_size\": 256, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,\n"
                + "    \"max_position_embeddings\": 16, \"hidden_act\": \"gelu\", \"layer_norm_eps\": 1e-05,\n"
                + "    \"bos_token_id\": 318, \"eos_token_id\": " + eosTokenId + ", \"pad_token_id\": 0,\n"
                + "    \"projection_dim\": 32},\n"
                + "  \"vision_config\": {\"model_type\": \"clip_vision_model\", \"hidden_size\": 64,\n"
                + "    \"intermediate_size\": 256, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,\n"
                + "    \"num_channels\": 3, \"image_size\": 32, \"patch_size\": 8, \"hidden_act\": \"gelu\",\n"
                + "    \"layer_norm_eps\": 1e-05, \"projection_dim\": 32}\n"
                + "}\n";
    }

    /** An HF CLIPModel folder in {@code dir}, without the keys in {@code omit}. */
    static Path writeHf(Path dir, long eosTokenId, Set<String> omit) {
        Map<String, TensorData> w = hfWeights();
        w.keySet().removeAll(omit);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), hfConfig(eosTokenId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), w);
        return dir;
    }

    /** A copy of the OpenCLIP fixture folder in {@code dir}, without the keys in {@code omit}. */
    static Path writeOpenClip(Path dir, Set<String> omit) {
        Map<String, TensorData> w = openClipWeights();
        w.keySet().removeAll(omit);
        try {
            Files.createDirectories(dir);
            Files.copy(
                    Fixtures.dir(ClipFixture.FIXTURE).resolve("open_clip_config.json"),
                    dir.resolve("open_clip_config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsWriter.write(dir.resolve("open_clip_model.safetensors"), w);
        return dir;
    }
}
