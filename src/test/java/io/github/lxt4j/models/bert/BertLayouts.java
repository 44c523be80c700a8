package io.github.lxt4j.models.bert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conversion script of the variant tests: rewrites bert-tiny-cls into the checkpoint layouts of RoBERTa,
 * DistilBERT and BERT's token classifier, as HF saves them, so that the computations coincide where the architectures
 * do.
 *
 * <ul>
 *   <li>RoBERTa ({@code roberta.*}): its positions start at {@code pad_token_id + 1} = 1, so the position table gets
 *       one row in front (zeros, the pads' row) and BERT's rows after it; BERT's pooler and classifier become the
 *       head's
 *       {@code classifier.dense} and {@code classifier.out_proj} (both are dense + tanh + linear on token 0). Token
 *       types stay (type_vocab_size 2), so the fixture's inputs run unchanged.</li>
 *   <li>DistilBERT ({@code distilbert.*}, its own layer names): it has no token types, so token type 0's vector is
 *       folded into every position row; it then equals BERT with all-zero token types. Its sequence head (ReLU) cannot
 *       equal BERT's (tanh): {@code pre_classifier} takes the pooler's weights and is checked by hand.</li>
 *   <li>BERT token classifier: the pooler dropped, {@code classifier} applied to every token.</li>
 * </ul>
 */
final class BertLayouts {
    private BertLayouts() {}

    /** The fixture's checkpoint tensors, copied out of the file. */
    static Map<String, TensorData> fixtureWeights() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (SafetensorsFile f =
                SafetensorsFile.open(Fixtures.dir("bert-tiny-cls").resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                out.put(k, TensorData.ofDoubles(d.toDoubles(), d.dtype(), d.shape()));
            }
        }
        return out;
    }

    static ObjectNode fixtureConfig() throws IOException {
        return (ObjectNode) new ObjectMapper()
                .readTree(Fixtures.dir("bert-tiny-cls").resolve("config.json").toFile());
    }

    /** RoBERTa (or XLM-R, {@code modelType}) sequence classifier. */
    static Path roberta(Path dir, String modelType) throws IOException {
        Map<String, TensorData> w = fixtureWeights();
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : w.entrySet()) {
            String k = e.getKey();
            if (k.equals("bert.embeddings.position_embeddings.weight")) {
                TensorData pos = e.getValue();
                long rows = pos.shape()[0];
                long h = pos.shape()[1];
                double[] shifted = new double[(int) ((rows + 1) * h)];
                System.arraycopy(pos.toDoubles(), 0, shifted, (int) h, (int) (rows * h));
                out.put(
                        "roberta.embeddings.position_embeddings.weight",
                        TensorData.ofDoubles(shifted, pos.dtype(), rows + 1, h));
            } else if (k.startsWith("bert.pooler.dense.")) {
                out.put("classifier.dense." + k.substring("bert.pooler.dense.".length()), e.getValue());
            } else if (k.startsWith("classifier.")) {
                out.put("classifier.out_proj." + k.substring("classifier.".length()), e.getValue());
            } else {
                out.put("roberta." + k.substring("bert.".length()), e.getValue());
            }
        }
        ObjectNode c = fixtureConfig();
        c.put("model_type", modelType);
        c.putArray("architectures")
                .add(
                        modelType.equals("roberta")
                                ? "RobertaForSequenceClassification"
                                : "XLMRobertaForSequenceClassification");
        c.put("max_position_embeddings", c.get("max_position_embeddings").asInt() + 1);
        return write(dir, c, out);
    }

    /** DistilBERT: {@code sequence} true for DistilBertForSequenceClassification, else the token classifier. */
    static Path distilbert(Path dir, boolean sequence) throws IOException {
        Map<String, TensorData> w = fixtureWeights();
        Map<String, TensorData> out = new LinkedHashMap<>();
        TensorData pos = w.get("bert.embeddings.position_embeddings.weight");
        double[] type0 = w.get("bert.embeddings.token_type_embeddings.weight").toDoubles();
        double[] folded = pos.toDoubles();
        int h = (int) pos.shape()[1];
        for (int i = 0; i < folded.length; i++) {
            folded[i] += type0[i % h];
        }
        out.put("distilbert.embeddings.word_embeddings.weight", w.get("bert.embeddings.word_embeddings.weight"));
        out.put(
                "distilbert.embeddings.position_embeddings.weight",
                TensorData.ofDoubles(folded, pos.dtype(), pos.shape()));
        for (String p : new String[] {"weight", "bias"}) {
            out.put("distilbert.embeddings.LayerNorm." + p, w.get("bert.embeddings.LayerNorm." + p));
        }
        String[][] names = {
            {"attention.self.query", "attention.q_lin"},
            {"attention.self.key", "attention.k_lin"},
            {"attention.self.value", "attention.v_lin"},
            {"attention.output.dense", "attention.out_lin"},
            {"attention.output.LayerNorm", "sa_layer_norm"},
            {"intermediate.dense", "ffn.lin1"},
            {"output.dense", "ffn.lin2"},
            {"output.LayerNorm", "output_layer_norm"}
        };
        for (int layer = 0; layer < 2; layer++) {
            for (String[] n : names) {
                for (String p : new String[] {"weight", "bias"}) {
                    out.put(
                            "distilbert.transformer.layer." + layer + "." + n[1] + "." + p,
                            w.get("bert.encoder.layer." + layer + "." + n[0] + "." + p));
                }
            }
        }
        for (String p : new String[] {"weight", "bias"}) {
            if (sequence) {
                out.put("pre_classifier." + p, w.get("bert.pooler.dense." + p));
            }
            out.put("classifier." + p, w.get("classifier." + p));
        }
        ObjectNode src = fixtureConfig();
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("model_type", "distilbert");
        c.putArray("architectures")
                .add(sequence ? "DistilBertForSequenceClassification" : "DistilBertForTokenClassification");
        c.put("vocab_size", src.get("vocab_size").asInt());
        c.put("dim", src.get("hidden_size").asInt());
        c.put("n_layers", src.get("num_hidden_layers").asInt());
        c.put("n_heads", src.get("num_attention_heads").asInt());
        c.put("hidden_dim", src.get("intermediate_size").asInt());
        c.put("activation", src.get("hidden_act").asText());
        c.put("max_position_embeddings", src.get("max_position_embeddings").asInt());
        c.put("pad_token_id", 0);
        c.put("sinusoidal_pos_embds", false);
        c.set("id2label", src.get("id2label"));
        c.set("label2id", src.get("label2id"));
        return write(dir, c, out);
    }

    /** BERT token classifier: the encoder and the fixture's classifier on every token, no pooler. */
    static Path bertToken(Path dir) throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>(fixtureWeights());
        out.keySet().removeIf(k -> k.startsWith("bert.pooler."));
        ObjectNode c = fixtureConfig();
        c.putArray("architectures").add("BertForTokenClassification");
        return write(dir, c, out);
    }

    static Path write(Path dir, ObjectNode config, Map<String, TensorData> tensors) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("config.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }
}
