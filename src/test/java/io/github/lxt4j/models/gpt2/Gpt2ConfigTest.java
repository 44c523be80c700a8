package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.bench.BenchPresets;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.UnsupportedModelException;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GPT2Config's fields as HF reads them: the fixture's v5 file, a v4 file, aliases, defaults, refusals. */
class Gpt2ConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode fixtureJson() {
        try {
            return (ObjectNode) JSON.readTree(
                    Gpt2Checkpoints.fixture().resolve("config.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Gpt2Config parse(Consumer<ObjectNode> edit) {
        ObjectNode c = fixtureJson();
        edit.accept(c);
        return Gpt2Config.parse(JsonConfig.of(c, "test config.json"));
    }

    private static void sameAsFixture(Gpt2Config c) {
        assertEquals(320, c.vocabSize());
        assertEquals(64, c.maxPositions());
        assertEquals(64, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(16, c.headDim());
        assertEquals(256, c.innerSize(), "n_inner null is 4·n_embd");
        assertEquals(Activation.GELU_TANH, c.activation());
        assertEquals(1e-5, c.layerNormEps());
        assertTrue(c.scaleAttnWeights() && !c.scaleAttnByInverseLayerIdx() && !c.reorderAndUpcastAttn());
        assertTrue(c.tieWordEmbeddings());
    }

    @Test
    void theFixturesV5ConfigIsReadFieldByField() {
        sameAsFixture(parse(c -> {}));
    }

    @Test
    void aV4ConfigWithTorchDtypeAndTheLegacyNCtxReadsTheSame() {
        sameAsFixture(parse(c -> {
            c.remove("dtype");
            c.put("torch_dtype", "float32");
            c.put("n_ctx", 64);
            c.put("transformers_version", "4.30.0");
        }));
    }

    @Test
    void theGenericAliasesOfHfsAttributeMapAreRead() {
        sameAsFixture(parse(c -> {
            c.set("hidden_size", c.remove("n_embd"));
            c.set("num_hidden_layers", c.remove("n_layer"));
            c.set("num_attention_heads", c.remove("n_head"));
            c.set("max_position_embeddings", c.remove("n_positions"));
        }));
        ConfigException e = assertThrows(ConfigException.class, () -> parse(c -> c.put("hidden_size", 32)));
        assertTrue(
                e.getMessage().contains("n_embd = 64") && e.getMessage().contains("hidden_size = 32"), e.getMessage());
        assertEquals(64, parse(c -> c.put("hidden_size", 64)).hiddenSize(), "equal aliases agree");
    }

    @Test
    void absentFieldsTakeGpt2ConfigsDefaults() {
        Gpt2Config c = Gpt2Config.parse(JsonConfig.of(JSON.createObjectNode().put("model_type", "gpt2"), "bare"));
        assertEquals(50257, c.vocabSize());
        assertEquals(1024, c.maxPositions());
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numLayers());
        assertEquals(12, c.numHeads());
        assertEquals(64, c.headDim());
        assertEquals(3072, c.innerSize());
        assertEquals(Activation.GELU_TANH, c.activation(), "gelu_new");
        assertEquals(1e-5, c.layerNormEps());
        assertTrue(c.scaleAttnWeights() && !c.scaleAttnByInverseLayerIdx() && !c.reorderAndUpcastAttn());
        assertTrue(c.tieWordEmbeddings());
    }

    @Test
    void otherFieldValuesAreRead() {
        assertEquals(100, parse(c -> c.put("n_inner", 100)).innerSize());
        assertEquals(
                Activation.GELU,
                parse(c -> c.put("activation_function", "gelu")).activation());
        assertEquals(
                Activation.GELU_TANH,
                parse(c -> c.put("activation_function", "gelu_pytorch_tanh")).activation());
        assertEquals(
                Activation.RELU,
                parse(c -> c.put("activation_function", "relu")).activation());
        assertEquals(1e-6, parse(c -> c.put("layer_norm_epsilon", 1e-6)).layerNormEps());
        assertTrue(!parse(c -> c.put("tie_word_embeddings", false)).tieWordEmbeddings());
        assertTrue(parse(c -> c.put("reorder_and_upcast_attn", true)).reorderAndUpcastAttn());
    }

    @ParameterizedTest
    @CsvSource({
        "true,false,0,0.25",
        "true,false,1,0.25",
        "true,true,1,0.125",
        "false,true,2,0.3333333333333333",
        "false,false,1,1.0"
    })
    void attentionScalingFollowsBothFlags(boolean byHeadDim, boolean byLayer, int layer, double expected) {
        Gpt2Config c =
                parse(n -> n.put("scale_attn_weights", byHeadDim).put("scale_attn_by_inverse_layer_idx", byLayer));
        assertEquals(expected, c.attentionScaling(layer), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({
        "vocab_size,0",
        "n_positions,0",
        "n_embd,0",
        "n_layer,-1",
        "n_head,0",
        "n_inner,0",
        "layer_norm_epsilon,0",
        "layer_norm_epsilon,-1e-5"
    })
    void aBadValueNamesItsField(String field, double value) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(c -> c.put(field, value)));
        assertTrue(
                e.getMessage().contains("'" + field + "'") && e.getMessage().contains("test config.json"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"n_embd", "n_layer", "scale_attn_weights", "tie_word_embeddings", "activation_function"})
    void aValueOfTheWrongTypeNamesItsField(String field) {
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse(c -> c.putArray(field).add(1)));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void headsMustDivideTheWidth() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(c -> c.put("n_head", 5)));
        assertTrue(e.getMessage().contains("n_embd = 64") && e.getMessage().contains("n_head = 5"), e.getMessage());
    }

    @Test
    void unsupportedSettingsAreRefusedByName() {
        UnsupportedModelException act =
                assertThrows(UnsupportedModelException.class, () -> parse(c -> c.put("activation_function", "swiglu")));
        assertTrue(act.getMessage().contains("activation_function 'swiglu'"), act.getMessage());
        UnsupportedModelException cross =
                assertThrows(UnsupportedModelException.class, () -> parse(c -> c.put("add_cross_attention", true)));
        assertTrue(cross.getMessage().contains("add_cross_attention"), cross.getMessage());
        UnsupportedModelException type =
                assertThrows(UnsupportedModelException.class, () -> parse(c -> c.put("model_type", "gpt_neo")));
        assertTrue(type.getMessage().contains("'gpt_neo'"), type.getMessage());
    }

    @Test
    void theBenchPresetHasGpt2SmallsShapes() throws IOException {
        String preset = AutoModel.presets().get("gpt2");
        JsonConfig json = JsonConfig.of(JSON.readTree(preset), "preset gpt2");
        Gpt2LMHeadModel.FAMILY.validate(json);
        Gpt2Config c = Gpt2Config.parse(json);
        assertEquals(50257, c.vocabSize());
        assertEquals(1024, c.maxPositions());
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numLayers());
        assertEquals(64, c.headDim());
        assertEquals(3072, c.innerSize());
        assertEquals(Activation.GELU_TANH, c.activation());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(3, Gpt2Config.parse(BenchPresets.resolve("gpt2", 3)).numLayers(), "bench --layers 3");
        ObjectNode aliased = (ObjectNode) JSON.readTree(preset);
        aliased.set("num_hidden_layers", aliased.remove("n_layer"));
        Gpt2LMHeadModel.FAMILY.depth().set(aliased, 2);
        assertEquals(
                2, Gpt2Config.parse(JsonConfig.of(aliased, "aliased depth 2")).numLayers());
    }
}
