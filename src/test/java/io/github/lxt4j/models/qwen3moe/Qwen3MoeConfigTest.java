package io.github.lxt4j.models.qwen3moe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.bench.BenchPresets;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelFamily;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.mixtral.MoeSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every field Qwen3MoeConfig reads beyond Qwen3's, the sparse-layer rule, the typed errors, the bench preset. */
class Qwen3MoeConfigTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A valid config (the fixture's shape, with 4 layers), changed by {@code edit}. */
    static JsonConfig config(Consumer<ObjectNode> edit) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("model_type", "qwen3_moe");
        n.put("vocab_size", 320);
        n.put("hidden_size", 64);
        n.put("intermediate_size", 128);
        n.put("num_hidden_layers", 4);
        n.put("num_attention_heads", 4);
        n.put("num_key_value_heads", 2);
        n.put("num_experts", 4);
        n.put("num_experts_per_tok", 2);
        n.put("moe_intermediate_size", 48);
        n.put("rope_theta", 1e6);
        edit.accept(n);
        return JsonConfig.of(n, "test/config.json");
    }

    static void refused(Class<? extends Lxt4jException> type, Consumer<ObjectNode> edit, String... words) {
        Lxt4jException e = assertThrows(type, () -> Qwen3MoeConfig.parse(config(edit)));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
    }

    static List<Boolean> sparse(Qwen3MoeConfig c) {
        return IntStream.range(0, c.attention().base().numLayers())
                .mapToObj(c::sparse)
                .toList();
    }

    @Test
    void readsTheMoeFieldsWithHfDefaults() {
        Qwen3MoeConfig c = Qwen3MoeConfig.parse(config(n -> {}));
        assertEquals(4, c.numExperts());
        assertEquals("num_experts", c.expertsField());
        assertEquals(2, c.topK());
        assertEquals(48, c.moeIntermediateSize());
        assertFalse(c.normTopkProb(), "HF's default is false");
        assertEquals(1, c.decoderSparseStep());
        assertEquals(List.of(), c.mlpOnlyLayers());
        assertEquals(List.of(true, true, true, true), sparse(c));
        LlamaConfig b = c.attention().base();
        assertEquals(16, b.headDim(), "no head_dim: hidden / heads, unlike Qwen3's 128");
        assertEquals(128, b.intermediateSize());
        MoeSpec spec = c.moeSpec();
        assertEquals(
                List.of("gate_proj", "up_proj", "down_proj"), List.of(spec.gateProj(), spec.upProj(), spec.downProj()));
        assertFalse(spec.renormalize());
        assertTrue(Qwen3MoeConfig.parse(config(n -> n.put("norm_topk_prob", true)))
                .moeSpec()
                .renormalize());
    }

    @Test
    void numLocalExpertsIsTheSameCount() {
        Qwen3MoeConfig c = Qwen3MoeConfig.parse(config(n -> {
            n.remove("num_experts");
            n.put("num_local_experts", 4);
        }));
        assertEquals(4, c.numExperts());
        assertEquals("num_local_experts", c.expertsField());
        assertEquals(
                4,
                Qwen3MoeConfig.parse(config(n -> n.put("num_local_experts", 4))).numExperts());
        refused(ConfigException.class, n -> n.put("num_local_experts", 8), "num_experts", "num_local_experts");
        refused(ConfigException.class, n -> n.remove("num_experts"), "num_experts");
    }

    @Test
    void sparseLayersFollowStepAndMlpOnlyLayers() {
        assertEquals(
                List.of(false, true, false, true),
                sparse(Qwen3MoeConfig.parse(config(n -> n.put("decoder_sparse_step", 2)))));
        assertEquals(
                List.of(false, true, true, false),
                sparse(Qwen3MoeConfig.parse(
                        config(n -> n.putArray("mlp_only_layers").add(0).add(3)))));
        assertEquals(
                List.of(false, false, false, false),
                sparse(Qwen3MoeConfig.parse(config(n -> n.put("num_experts", 0)))),
                "no experts: every layer dense");
        Qwen3MoeConfig allSparse = Qwen3MoeConfig.parse(config(n -> n.remove("intermediate_size")));
        assertEquals(6144, allSparse.attention().base().intermediateSize(), "unused without dense layers");
        refused(
                ConfigException.class,
                n -> {
                    n.remove("intermediate_size");
                    n.put("decoder_sparse_step", 2);
                },
                "intermediate_size");
    }

    @Test
    void badValuesNameTheirField() {
        refused(UnsupportedModelException.class, n -> n.put("model_type", "qwen3"), "qwen3");
        refused(ConfigException.class, n -> n.put("num_experts", -1), "num_experts");
        refused(ConfigException.class, n -> n.put("num_experts_per_tok", 5), "num_experts_per_tok");
        refused(ConfigException.class, n -> n.put("num_experts_per_tok", 0), "num_experts_per_tok");
        refused(ConfigException.class, n -> n.remove("num_experts_per_tok"), "num_experts_per_tok");
        refused(ConfigException.class, n -> n.put("moe_intermediate_size", 0), "moe_intermediate_size");
        refused(ConfigException.class, n -> n.put("decoder_sparse_step", 0), "decoder_sparse_step");
        refused(ConfigException.class, n -> n.put("mlp_only_layers", "all"), "mlp_only_layers");
        refused(ConfigException.class, n -> n.put("norm_topk_prob", "yes"), "norm_topk_prob");
        refused(ConfigException.class, n -> n.put("num_hidden_layers", 0), "num_hidden_layers");
        refused(ConfigException.class, n -> n.put("intermediate_size", -2), "intermediate_size");
    }

    @Test
    void aWindowSlidesInEveryLayer() {
        assertEquals(
                List.of(8L, 8L, 8L, 8L),
                Qwen3MoeConfig.parse(
                                config(n -> n.put("use_sliding_window", true).put("sliding_window", 8)))
                        .attention()
                        .windows());
        assertEquals(
                List.of(-1L, -1L, -1L, -1L),
                Qwen3MoeConfig.parse(config(n -> n.put("sliding_window", 8)))
                        .attention()
                        .windows());
    }

    @Test
    void presetHasQwen3ThirtyBA3BsShapes() throws JsonProcessingException {
        ModelFamily f = AutoModel.families().stream()
                .filter(x -> x.name().equals("qwen3_moe"))
                .findFirst()
                .orElseThrow();
        JsonConfig json = JsonConfig.of(MAPPER.readTree(f.presets().get("qwen3-30b-a3b")), "qwen3-30b-a3b");
        f.validate(json);
        Qwen3MoeConfig c = Qwen3MoeConfig.parse(json);
        LlamaConfig b = c.attention().base();
        assertEquals(151936, b.vocabSize());
        assertEquals(2048, b.hiddenSize());
        assertEquals(48, b.numLayers());
        assertEquals(32, b.numHeads());
        assertEquals(4, b.numKvHeads());
        assertEquals(128, b.headDim(), "head_dim is not hidden / heads (64) here");
        assertEquals(6144, b.intermediateSize());
        assertEquals(40960, b.maxPositions());
        assertEquals(1e6, b.rope().theta());
        assertFalse(b.tieWordEmbeddings());
        assertEquals(128, c.numExperts());
        assertEquals(8, c.topK());
        assertEquals(768, c.moeIntermediateSize());
        assertTrue(c.normTopkProb());
        assertTrue(sparse(c).stream().allMatch(x -> x));
        assertEquals(
                3,
                Qwen3MoeConfig.parse(BenchPresets.resolve("qwen3-30b-a3b", 3))
                        .attention()
                        .base()
                        .numLayers());
    }

    @Test
    void flopsCountTheRouterAndTheActiveExpertsOnly() {
        Qwen3MoeConfig c = Qwen3MoeConfig.parse(config(n -> n.put("decoder_sparse_step", 2)));
        double h = 64;
        double attn = h * 64 + 2 * h * 32 + 64 * h;
        double sparse = attn + h * 4 + 2 * 3 * h * 48;
        double dense = attn + 3 * h * 128;
        int t = 10;
        double linear = t * (2 * sparse + 2 * dense) + h * 320;
        double attention = 2.0 * 4 * 4 * t * t * 16;
        try (Qwen3MoeForCausalLM m = Qwen3MoeForCausalLM.build(c, new RandomWeights(1, 0.02), LoadOptions.defaults())) {
            assertEquals(new FlopCount(2 * (linear + attention), 2 * (linear + 2 * attention)), m.flops(1, t));
            assertEquals(2, m.moeBlocks().size());
        }
    }
}
