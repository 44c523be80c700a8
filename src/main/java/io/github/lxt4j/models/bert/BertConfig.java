package io.github.lxt4j.models.bert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigChecks;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.TextClassifier.Task;
import io.github.lxt4j.models.UnsupportedModelException;
import java.util.Map;

/**
 * The config of a BERT-like encoder ({@code bert}, {@code roberta}, {@code xlm-roberta}, {@code distilbert}) in HF's
 * {@code config.json} form (v4 and v5 write these fields alike; DistilBERT has its own names: {@code dim},
 * {@code n_layers}, {@code n_heads}, {@code hidden_dim}, {@code activation}). The head comes from the first entry of
 * {@code architectures}.
 *
 * @param variant which of the BERT-like encoders
 * @param architecture the first entry of {@code architectures}
 * @param task the head's task, or null for a bare encoder ({@code BertModel}, ...)
 * @param typeVocabSize token types ({@code type_vocab_size}); 0 for DistilBERT
 * @param positionOffset the position id of the first token (RoBERTa: {@code pad_token_id + 1}; else 0)
 */
public record BertConfig(
        BertVariant variant,
        String modelType,
        String architecture,
        Task task,
        long vocabSize,
        long hiddenSize,
        int numLayers,
        int numHeads,
        long intermediateSize,
        Activation hiddenAct,
        long maxPositionEmbeddings,
        int typeVocabSize,
        double layerNormEps,
        long padTokenId,
        long positionOffset,
        ClassLabels labels,
        JsonConfig source) {

    /** The model types, and the variant each is. */
    public static final Map<String, BertVariant> TYPES = Map.of(
            "bert",
            BertVariant.BERT,
            "roberta",
            BertVariant.ROBERTA,
            "xlm-roberta",
            BertVariant.ROBERTA,
            "distilbert",
            BertVariant.DISTILBERT);

    /** DistilBERT's LayerNorms, fixed in HF's code (not a config field). */
    static final double DISTILBERT_EPS = 1e-12;

    /** @throws ConfigException or {@link UnsupportedModelException} naming the file, field and value */
    public static BertConfig parse(JsonConfig c) {
        String type = c.requireString("model_type");
        BertVariant v = TYPES.get(type);
        if (v == null) {
            throw new UnsupportedModelException("unsupported model_type '" + type + "' in " + c.source()
                    + ": the BERT family loads " + TYPES.keySet());
        }
        String arch = architecture(c);
        Task task = task(c, arch);
        boolean distil = v == BertVariant.DISTILBERT;
        long hidden =
                ConfigChecks.positive(c, field(distil, "hidden_size"), c.requireLong(field(distil, "hidden_size")));
        int heads = (int) ConfigChecks.positive(
                c, field(distil, "num_attention_heads"), c.requireInt(field(distil, "num_attention_heads")));
        if (hidden % heads != 0) {
            throw new ConfigException(c.source() + ": " + field(distil, "hidden_size") + " = " + hidden
                    + " is not a multiple of " + field(distil, "num_attention_heads") + " = " + heads);
        }
        int layers = (int) ConfigChecks.positive(
                c, field(distil, "num_hidden_layers"), c.requireInt(field(distil, "num_hidden_layers")));
        long inter = ConfigChecks.positive(
                c, field(distil, "intermediate_size"), c.requireLong(field(distil, "intermediate_size")));
        long vocab = ConfigChecks.positive(c, "vocab_size", c.requireLong("vocab_size"));
        long maxPos = ConfigChecks.positive(c, "max_position_embeddings", c.optLong("max_position_embeddings", 512));
        String actField = field(distil, "hidden_act");
        String act = c.optString(actField, "gelu");
        Activation activation;
        try {
            activation = Activation.fromHf(act);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(
                    c.source() + ": field '" + actField + "' is '" + act + "': " + e.getMessage());
        }
        long pad = c.optLong("pad_token_id", v == BertVariant.ROBERTA ? 1 : 0);
        if (pad < 0 || pad >= vocab) {
            throw new ConfigException(
                    c.source() + ": field 'pad_token_id' = " + pad + " is outside the vocabulary [0, " + vocab + ")");
        }
        int types = 0;
        double eps = DISTILBERT_EPS;
        if (!distil) {
            types = (int) ConfigChecks.positive(c, "type_vocab_size", c.optInt("type_vocab_size", 2));
            eps = ConfigChecks.positiveFinite(c, "layer_norm_eps", c.optDouble("layer_norm_eps", 1e-12));
            refuseUnsupported(c);
        }
        long offset = v == BertVariant.ROBERTA ? pad + 1 : 0;
        if (offset >= maxPos) {
            throw new ConfigException(c.source() + ": max_position_embeddings = " + maxPos + " leaves no position"
                    + " after the offset pad_token_id + 1 = " + offset);
        }
        return new BertConfig(
                v,
                type,
                arch,
                task,
                vocab,
                hidden,
                layers,
                heads,
                inter,
                activation,
                maxPos,
                types,
                eps,
                pad,
                offset,
                ClassLabels.parse(c),
                c);
    }

    /** HF's name of a field, or DistilBERT's. */
    private static String field(boolean distil, String hf) {
        if (!distil) {
            return hf;
        }
        switch (hf) {
            case "hidden_size":
                return "dim";
            case "num_attention_heads":
                return "n_heads";
            case "num_hidden_layers":
                return "n_layers";
            case "intermediate_size":
                return "hidden_dim";
            case "hidden_act":
                return "activation";
            default:
                return hf;
        }
    }

    private static String architecture(JsonConfig c) {
        JsonNode a = c.raw("architectures");
        if (a == null || a.isNull() || !a.isArray() || a.isEmpty() || !a.get(0).isTextual()) {
            throw new ConfigException(c.source() + ": no 'architectures' (such as [\"BertForSequenceClassification\"]):"
                    + " lxt4j needs it to know the classification head");
        }
        return a.get(0).asText();
    }

    private static Task task(JsonConfig c, String arch) {
        if (arch.endsWith("ForSequenceClassification")) {
            return Task.SEQUENCE;
        }
        if (arch.endsWith("ForTokenClassification")) {
            return Task.TOKEN;
        }
        if (arch.endsWith("Model")) {
            return null;
        }
        throw new UnsupportedModelException(c.source() + ": field 'architectures' is [\"" + arch + "\"]: lxt4j"
                + " explains sequence and token classifiers (*ForSequenceClassification, *ForTokenClassification)"
                + " and loads the bare encoder (*Model)");
    }

    private static void refuseUnsupported(JsonConfig c) {
        String pos = c.optString("position_embedding_type", "absolute");
        if (!pos.equals("absolute")) {
            throw new UnsupportedModelException(
                    c.source() + ": field 'position_embedding_type' is '" + pos + "': only 'absolute' is supported");
        }
        if (c.optBoolean("is_decoder", false)) {
            throw new UnsupportedModelException(
                    c.source() + ": field 'is_decoder' is true: lxt4j loads BERT as a" + " bidirectional encoder only");
        }
        if (c.optBoolean("add_cross_attention", false)) {
            throw new UnsupportedModelException(
                    c.source() + ": field 'add_cross_attention' is true: cross-attention" + " is not supported");
        }
    }

    public long headDim() {
        return hiddenSize / numHeads;
    }

    /** The longest input in tokens: the position table less the offset of the first position. */
    public long maxPositions() {
        return maxPositionEmbeddings - positionOffset;
    }
}
