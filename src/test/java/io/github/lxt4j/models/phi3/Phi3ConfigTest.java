package io.github.lxt4j.models.phi3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.nn.RopeScaling.UnsupportedRopeException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Phi3Config: the fixture's v5 config and its v4 form, HF's Phi-3 defaults, rope dicts, refusals, the preset. */
class Phi3ConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode fixture() {
        try {
            return (ObjectNode) JSON.readTree(
                    Fixtures.dir("phi3-tiny").resolve("config.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Phi3Config parse(ObjectNode c) {
        return Phi3Config.parse(JsonConfig.of(c, "config.json"));
    }

    private static Phi3Config edited(Consumer<ObjectNode> edit) {
        ObjectNode c = fixture();
        edit.accept(c);
        return parse(c);
    }

    /** The fixture's config with v4 rope fields: rope_theta at the top, rope_scaling instead of rope_parameters. */
    private static ObjectNode v4() {
        ObjectNode c = fixture();
        c.remove("rope_parameters");
        c.put("rope_theta", 10000.0);
        c.putNull("rope_scaling");
        c.remove("dtype");
        c.put("torch_dtype", "bfloat16");
        return c;
    }

    /** A longrope dict with short factors 1..n and long factors 2..n+1. */
    private static ObjectNode longrope(ObjectNode dict, int n) {
        dict.put("type", "longrope");
        ArrayNode shortF = dict.putArray("short_factor");
        ArrayNode longF = dict.putArray("long_factor");
        for (int i = 0; i < n; i++) {
            shortF.add(1.0 + i);
            longF.add(2.0 + i);
        }
        return dict;
    }

    @Test
    void fixtureConfigV5() {
        Phi3Config c = parse(fixture());
        LlamaConfig b = c.base();
        assertEquals("phi3", b.modelType());
        assertEquals(320, b.vocabSize());
        assertEquals(64, b.hiddenSize());
        assertEquals(128, b.intermediateSize());
        assertEquals(2, b.numLayers());
        assertEquals(4, b.numHeads());
        assertEquals(2, b.numKvHeads());
        assertEquals(16, b.headDim());
        assertEquals(16, c.rotaryDim());
        assertEquals(1e-5, b.rmsNormEps(), 0.0);
        assertEquals(128, b.maxPositions());
        assertEquals(RopeScaling.Type.DEFAULT, b.rope().type());
        assertEquals(10000.0, b.rope().theta(), 0.0);
        assertEquals(-1, b.slidingWindow());
        assertEquals(false, b.tieWordEmbeddings());
        assertEquals(false, b.qkvBias() || b.outputBias() || b.mlpBias());
        assertEquals("float32", b.storedDtype());
    }

    @Test
    void fixtureConfigV4FormReadsTheSame() {
        Phi3Config v5 = parse(fixture());
        Phi3Config v4 = parse(v4());
        assertEquals(v5.rotaryDim(), v4.rotaryDim());
        assertEquals(v5.base().rope().type(), v4.base().rope().type());
        assertEquals(v5.base().rope().theta(), v4.base().rope().theta(), 0.0);
        assertEquals(v5.base().headDim(), v4.base().headDim());
        assertEquals("bfloat16", v4.base().storedDtype());
    }

    @Test
    void absentFieldsTakePhi3Defaults() {
        ObjectNode c = JSON.createObjectNode().put("model_type", "phi3");
        Phi3Config p = parse(c);
        LlamaConfig b = p.base();
        assertEquals(32064, b.vocabSize());
        assertEquals(3072, b.hiddenSize());
        assertEquals(8192, b.intermediateSize());
        assertEquals(32, b.numLayers());
        assertEquals(32, b.numKvHeads(), "num_key_value_heads defaults to num_attention_heads");
        assertEquals(96, b.headDim());
        assertEquals(1e-5, b.rmsNormEps(), 0.0);
        assertEquals(4096, b.maxPositions());
        assertEquals(10000.0, b.rope().theta(), 0.0);
        assertEquals(-1, b.slidingWindow());
    }

    @Test
    void partialRotaryFactorFromTheRopeDictFirstThenTheTopLevel() {
        // Phi-4-mini: head_dim 128, factor 0.75: 96 dims rotate
        ObjectNode c = JSON.createObjectNode()
                .put("model_type", "phi3")
                .put("hidden_size", 3072)
                .put("num_attention_heads", 24)
                .put("num_key_value_heads", 8)
                .put("partial_rotary_factor", 0.75);
        assertEquals(96, parse(c).rotaryDim());
        c.putObject("rope_parameters").put("rope_type", "default").put("partial_rotary_factor", 0.5);
        assertEquals(64, parse(c).rotaryDim());
        // an empty rope_scaling falls back to rope_parameters, as HF's `rope_scaling or rope_parameters`
        c.putObject("rope_scaling");
        assertEquals(64, parse(c).rotaryDim());
    }

    @Test
    void longropeReadsFactorsOriginalContextAndAttentionFactor() {
        // rope_parameters' own original_max_position_embeddings is overwritten by the top-level one (default 4096)
        Phi3Config c = edited(n -> {
            n.put("max_position_embeddings", 131072);
            n.remove("original_max_position_embeddings");
            longrope(
                    n.putObject("rope_parameters")
                            .put("rope_theta", 10000.0)
                            .put("original_max_position_embeddings", 8),
                    8);
        });
        RopeScaling r = c.base().rope();
        assertEquals(RopeScaling.Type.LONGROPE, r.type());
        assertEquals(4096, r.originalMaxPositions());
        assertEquals(Math.sqrt(17.0 / 12), r.attentionFactor(), 1e-12, "√(1 + ln 32 / ln 4096)");
        // short factors 1..8 up to 4096 positions: inv[1] = 10000^(-2/16) / 2
        assertEquals(Math.pow(10000, -0.125) / 2, r.inverseFrequencies(16, 4096)[1], 1e-7);
        // factor in the dict replaces max / original (128 / 128): √(1 + ln 4 / ln 128) = √(1 + 2/7)
        Phi3Config f = edited(n -> longrope(n.putObject("rope_scaling"), 8).put("factor", 4.0));
        assertEquals(Math.sqrt(9.0 / 7), f.base().rope().attentionFactor(), 1e-12);
        Phi3Config a = edited(n -> longrope(n.putObject("rope_scaling"), 8).put("attention_factor", 1.5));
        assertEquals(1.5, a.base().rope().attentionFactor(), 0.0);
        // max 128 = original 128: factor 1, no scaling
        Phi3Config one = edited(n -> longrope(n.putObject("rope_scaling"), 8));
        assertEquals(1.0, one.base().rope().attentionFactor(), 0.0);
        for (String alias : new String[] {"su", "yarn"}) {
            Phi3Config old =
                    edited(n -> longrope(n.putObject("rope_scaling"), 8).put("type", alias));
            assertEquals(RopeScaling.Type.LONGROPE, old.base().rope().type(), alias);
        }
        // a non-empty rope_scaling wins over rope_parameters
        Phi3Config both = edited(n -> longrope(n.putObject("rope_scaling"), 8));
        assertEquals(RopeScaling.Type.LONGROPE, both.base().rope().type());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("num_hidden_layers", 0),
                        ConfigException.class,
                        "field 'num_hidden_layers' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("num_attention_heads", 0),
                        ConfigException.class,
                        "field 'num_attention_heads' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("num_key_value_heads", 0),
                        ConfigException.class,
                        "field 'num_key_value_heads' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("num_key_value_heads", 3),
                        UnsupportedModelException.class,
                        "num_attention_heads = 4 is not a multiple of"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("hidden_size", -64),
                        ConfigException.class,
                        "field 'hidden_size' must be >= 1, found -64"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("hidden_size", 66),
                        ConfigException.class,
                        "hidden_size = 66 is not a multiple of num_attention_heads = 4"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("head_dim", 0),
                        ConfigException.class,
                        "field 'head_dim' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("intermediate_size", 0),
                        ConfigException.class,
                        "field 'intermediate_size' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("vocab_size", 0),
                        ConfigException.class,
                        "field 'vocab_size' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("max_position_embeddings", 0),
                        ConfigException.class,
                        "field 'max_position_embeddings' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("rms_norm_eps", 0.0),
                        ConfigException.class,
                        "field 'rms_norm_eps' must be a finite number > 0, found 0.0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("sliding_window", 0),
                        ConfigException.class,
                        "field 'sliding_window' must be >= 1, found 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("hidden_act", "mish"),
                        UnsupportedModelException.class,
                        "unsupported hidden_act 'mish'"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.put("model_type", "phi"),
                        UnsupportedModelException.class,
                        "model_type 'phi'"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("rope_parameters")).put("rope_theta", -1.0),
                        ConfigException.class,
                        "field 'rope_parameters.rope_theta' must be a finite number > 0"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.get("rope_parameters")).put("partial_rotary_factor", 0.0),
                        ConfigException.class,
                        "field 'rope_parameters.partial_rotary_factor' must be in (0, 1], found 0.0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> {
                            c.remove("rope_parameters");
                            c.put("partial_rotary_factor", 1.5);
                        },
                        ConfigException.class,
                        "field 'partial_rotary_factor' must be in (0, 1], found 1.5"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> ((ObjectNode) c.get("rope_parameters")).put("partial_rotary_factor", 0.3125),
                        ConfigException.class,
                        "gives rotary dimension 5: it must be even"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("rope_parameters"))
                                .put("rope_type", "linear")
                                .put("factor", 2.0),
                        UnsupportedRopeException.class,
                        "unsupported rope type 'linear' in rope_parameters.rope_type"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> c.putObject("rope_scaling")
                                .put("type", "dynamic")
                                .put("factor", 2.0),
                        UnsupportedRopeException.class,
                        "unsupported rope type 'dynamic' in rope_scaling.rope_type"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> longrope(c.putObject("rope_scaling"), 7),
                        ConfigException.class,
                        "field 'rope_scaling.short_factor' has 7 values, expected 8"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> ((ArrayNode)
                                        longrope(c.putObject("rope_scaling"), 8).get("long_factor"))
                                .set(2, -1.0),
                        ConfigException.class,
                        "field 'rope_scaling.long_factor[2]' must be a finite number > 0"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> longrope(c.putObject("rope_scaling"), 8).put("short_factor", "1.0"),
                        ConfigException.class,
                        "short_factor' must be an array of numbers"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> longrope(c.putObject("rope_scaling"), 8).remove("long_factor"),
                        ConfigException.class,
                        "missing required field 'rope_scaling.long_factor'"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> longrope(c.putObject("rope_scaling"), 8).put("factor", 0.0),
                        ConfigException.class,
                        "field 'rope_scaling.factor' must be a finite number > 0"),
                Arguments.of(
                        (Consumer<ObjectNode>)
                                c -> longrope(c.putObject("rope_scaling"), 8).put("attention_factor", -2.0),
                        ConfigException.class,
                        "field 'rope_scaling.attention_factor' must be a finite number > 0"),
                Arguments.of(
                        (Consumer<ObjectNode>) c -> {
                            longrope(c.putObject("rope_scaling"), 8);
                            c.put("original_max_position_embeddings", 0);
                        },
                        ConfigException.class,
                        "field 'original_max_position_embeddings' must be >= 1, found 0"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesAreTypedExceptionsNamingTheField(
            Consumer<ObjectNode> edit, Class<? extends Lxt4jException> type, String expected) {
        Lxt4jException e = assertThrows(type, () -> edited(edit));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void phiThreeMiniPresetHasThePublishedShapes() {
        String preset = AutoModel.presets().get("phi-3-mini");
        Phi3Config c = Phi3Config.parse(JsonConfig.of(readTree(preset), "phi-3-mini"));
        LlamaConfig b = c.base();
        assertEquals(32064, b.vocabSize());
        assertEquals(3072, b.hiddenSize());
        assertEquals(8192, b.intermediateSize());
        assertEquals(32, b.numLayers());
        assertEquals(32, b.numHeads());
        assertEquals(32, b.numKvHeads());
        assertEquals(96, b.headDim());
        assertEquals(96, c.rotaryDim());
        assertEquals(1e-5, b.rmsNormEps(), 0.0);
        assertEquals(4096, b.maxPositions());
        assertEquals(2047, b.slidingWindow());
        assertEquals(RopeScaling.Type.DEFAULT, b.rope().type());
        assertEquals(false, b.tieWordEmbeddings());
        Phi3ForCausalLM.FAMILY.validate(JsonConfig.of(readTree(preset), "phi-3-mini"));
    }

    /** Linear and attention multiply-adds × 2, by hand for a small config (the fused linears count as LLaMA's). */
    @Test
    void flopsCountTheFusedLinearsAndAttention() {
        ObjectNode c = JSON.createObjectNode()
                .put("model_type", "phi3")
                .put("vocab_size", 64)
                .put("hidden_size", 32)
                .put("intermediate_size", 48)
                .put("num_hidden_layers", 2)
                .put("num_attention_heads", 4)
                .put("num_key_value_heads", 2);
        // through the family's bench generator
        try (PretrainedModel m = Phi3ForCausalLM.FAMILY.generate(
                JsonConfig.of(c, "small"), new RandomWeights(1, 0.02), LoadOptions.of(Backends.djl(), DType.FLOAT32))) {
            // per token and layer: qkv 32·(32 + 2·16) + o 32·32 + gate_up 32·96 + down 48·32 = 7680; head 32·64
            double linear = 10 * (2 * 7680.0) + 32 * 64;
            // q·kᵀ and A·v: 2 layers · 4 heads · 10² · head_dim 8 each
            double attention = 2 * (2 * 4 * 100 * 8.0);
            FlopCount f = assertInstanceOf(Phi3ForCausalLM.class, m).flops(3, 10);
            assertEquals(2 * 3 * (linear + attention), f.forward(), 1e-6);
            assertEquals(2 * 3 * (linear + 2 * attention), f.relevance(), 1e-6);
        }
    }

    private static ObjectNode readTree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
