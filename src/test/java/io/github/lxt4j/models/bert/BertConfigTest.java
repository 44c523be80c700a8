package io.github.lxt4j.models.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.ClassLabels;
import io.github.lxt4j.models.TextClassifier.Task;
import io.github.lxt4j.models.UnsupportedModelException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every BERT, RoBERTa and DistilBERT config field that is read: its values, HF's defaults and typed refusals. */
class BertConfigTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode bert() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"model_type": "bert", "architectures": ["BertForSequenceClassification"], "vocab_size": 300,
                 "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128,
                 "hidden_act": "gelu", "max_position_embeddings": 32, "type_vocab_size": 2,
                 "layer_norm_eps": 1e-12, "pad_token_id": 0, "id2label": {"0": "neg", "1": "pos"},
                 "label2id": {"neg": 0, "pos": 1}, "torch_dtype": "float32", "transformers_version": "4.46.0"}""");
    }

    static BertConfig parse(ObjectNode n) {
        return BertConfig.parse(JsonConfig.of(n, "config.json"));
    }

    @Test
    void readsEveryField() throws Exception {
        BertConfig c = parse(bert());
        assertEquals(BertVariant.BERT, c.variant());
        assertEquals(Task.SEQUENCE, c.task());
        assertEquals(300, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(16, c.headDim());
        assertEquals(128, c.intermediateSize());
        assertEquals(Activation.GELU, c.hiddenAct());
        assertEquals(32, c.maxPositions());
        assertEquals(2, c.typeVocabSize());
        assertEquals(1e-12, c.layerNormEps());
        assertEquals(List.of("neg", "pos"), c.labels().names());
        assertEquals(ClassLabels.Problem.SINGLE_LABEL, c.labels().problem());
    }

    /** transformers 5 writes {@code dtype} for {@code torch_dtype}; nothing read differs. */
    @Test
    void transformers5FormIsReadAlike() throws Exception {
        ObjectNode v5 = bert();
        v5.remove("torch_dtype");
        v5.put("dtype", "float32");
        v5.put("transformers_version", "5.17.0");
        assertEquals(parse(bert()).hiddenSize(), parse(v5).hiddenSize());
        assertEquals(parse(bert()).labels(), parse(v5).labels());
    }

    @Test
    void hfDefaults() throws Exception {
        ObjectNode n = bert();
        for (String f : new String[] {
            "hidden_act",
            "max_position_embeddings",
            "type_vocab_size",
            "layer_norm_eps",
            "pad_token_id",
            "id2label",
            "label2id"
        }) {
            n.remove(f);
        }
        BertConfig c = parse(n);
        assertEquals(Activation.GELU, c.hiddenAct());
        assertEquals(512, c.maxPositions());
        assertEquals(2, c.typeVocabSize());
        assertEquals(1e-12, c.layerNormEps());
        assertEquals(0, c.padTokenId());
        assertEquals(List.of("LABEL_0", "LABEL_1"), c.labels().names(), "HF's num_labels default is 2");
        n.put("num_labels", 5);
        assertEquals(5, parse(n).labels().size());
        n.put("model_type", "roberta");
        assertEquals(1, parse(n).padTokenId(), "RobertaConfig's pad_token_id default");
        assertEquals(510, parse(n).maxPositions(), "512 less pad_token_id + 1");
    }

    @Test
    void tasksComeFromArchitectures() throws Exception {
        ObjectNode n = bert();
        n.putArray("architectures").add("BertForTokenClassification");
        assertEquals(Task.TOKEN, parse(n).task());
        n.putArray("architectures").add("BertModel");
        assertNull(parse(n).task(), "a bare encoder");
        n.putArray("architectures").add("BertForMaskedLM");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> parse(n));
        assertTrue(
                e.getMessage().contains("architectures") && e.getMessage().contains("BertForMaskedLM"), e.getMessage());
        n.remove("architectures");
        ConfigException missing = assertThrows(ConfigException.class, () -> parse(n));
        assertTrue(missing.getMessage().contains("architectures"), missing.getMessage());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("hidden_size", 62, "num_attention_heads"),
                Arguments.of("num_attention_heads", 0, "num_attention_heads"),
                Arguments.of("num_hidden_layers", 0, "num_hidden_layers"),
                Arguments.of("intermediate_size", 0, "intermediate_size"),
                Arguments.of("vocab_size", 0, "vocab_size"),
                Arguments.of("max_position_embeddings", 0, "max_position_embeddings"),
                Arguments.of("type_vocab_size", 0, "type_vocab_size"),
                Arguments.of("layer_norm_eps", -1.0, "layer_norm_eps"),
                Arguments.of("pad_token_id", 300, "pad_token_id"),
                Arguments.of("num_labels", 3, "num_labels"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badNumbersNameTheField(String field, Number value, String named) throws Exception {
        ObjectNode n = bert();
        if (value instanceof Double d) {
            n.put(field, d);
        } else {
            n.put(field, value.longValue());
        }
        Lxt4jException e = assertThrows(Lxt4jException.class, () -> parse(n));
        assertTrue(e.getMessage().contains(named) && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void unsupportedSettingsAreRefused() throws Exception {
        Map<String, Object> refused = Map.of(
                "hidden_act",
                "swiglu",
                "position_embedding_type",
                "relative_key",
                "is_decoder",
                true,
                "add_cross_attention",
                true,
                "problem_type",
                "ranking");
        for (Map.Entry<String, Object> r : refused.entrySet()) {
            ObjectNode n = bert();
            n.set(r.getKey(), JSON.valueToTree(r.getValue()));
            Lxt4jException e = assertThrows(Lxt4jException.class, () -> parse(n), r.getKey());
            assertTrue(e.getMessage().contains(r.getKey()), e.getMessage());
        }
    }

    @Test
    void id2labelMustNumberTheClasses() throws Exception {
        for (String bad : new String[] {"{\"0\": \"a\", \"2\": \"b\"}", "{\"x\": \"a\"}", "{}", "[\"a\"]"}) {
            ObjectNode n = bert();
            n.set("id2label", JSON.readTree(bad));
            ConfigException e = assertThrows(ConfigException.class, () -> parse(n), bad);
            assertTrue(e.getMessage().contains("id2label"), e.getMessage());
        }
        ObjectNode twice = bert();
        twice.set("id2label", JSON.readTree("{\"0\": \"crane\", \"1\": \"crane\", \"2\": \"x\"}"));
        twice.remove("label2id");
        assertEquals(0, parse(twice).labels().indexOf("crane"), "ImageNet names two classes alike: the first wins");
        ObjectNode multi = bert();
        multi.put("problem_type", "multi_label_classification");
        ClassLabels labels = parse(multi).labels();
        assertEquals(ClassLabels.Problem.MULTI_LABEL, labels.problem());
        assertEquals(
                1 / (1 + Math.exp(-2.0)),
                labels.probabilities(new double[] {2.0, 0.0})[0],
                1e-15,
                "a sigmoid per class");
    }

    @Test
    void distilbertNames() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree("""
                {"model_type": "distilbert", "architectures": ["DistilBertForSequenceClassification"],
                 "vocab_size": 300, "dim": 64, "n_layers": 3, "n_heads": 4, "hidden_dim": 96, "activation": "relu",
                 "max_position_embeddings": 40, "pad_token_id": 0}""");
        BertConfig c = parse(n);
        assertEquals(BertVariant.DISTILBERT, c.variant());
        assertEquals(64, c.hiddenSize());
        assertEquals(3, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(96, c.intermediateSize());
        assertEquals(Activation.RELU, c.hiddenAct());
        assertEquals(0, c.typeVocabSize());
        assertEquals(1e-12, c.layerNormEps(), "fixed in HF's DistilBERT");
        n.put("dim", 66);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(n));
        assertTrue(e.getMessage().contains("'dim'") || e.getMessage().contains("dim ="), e.getMessage());
    }

    @Test
    void presetsHaveThePublishedShapes() {
        Map<String, String> presets = AutoModel.presets();
        for (String name : new String[] {"bert-base", "roberta-base", "distilbert-base"}) {
            BertConfig c;
            try {
                c = BertConfig.parse(JsonConfig.of(JSON.readTree(presets.get(name)), name));
            } catch (Exception e) {
                throw new AssertionError(name, e);
            }
            assertEquals(768, c.hiddenSize(), name);
            assertEquals(64, c.headDim(), name);
            assertEquals(3072, c.intermediateSize(), name);
            assertEquals(name.startsWith("distil") ? 6 : 12, c.numLayers(), name);
            assertEquals(512, c.maxPositions(), name);
            assertEquals(Task.SEQUENCE, c.task(), name);
        }
    }
}
