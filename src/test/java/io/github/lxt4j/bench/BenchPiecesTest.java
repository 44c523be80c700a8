package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.blas.GemmRates;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deterministic parts of the benchmark: random weights, options, medians, result rendering. */
class BenchPiecesTest {

    private static float[] load(RandomWeights w, String key, long... shape) {
        return w.load(key, shape, Backends.djl(), DType.FLOAT32).toFloatArray();
    }

    @Test
    void randomWeightsAreDeterministicAndShaped() {
        try (TensorScope s = TensorScope.open()) {
            RandomWeights w = new RandomWeights(5, 0.02);
            float[] a = load(w, "x.weight", 3, 4);
            assertArrayEquals(a, load(w, "x.weight", 3, 4));
            assertFalse(java.util.Arrays.equals(a, load(w, "y.weight", 3, 4)), "each key has its own values");
            assertFalse(
                    java.util.Arrays.equals(a, load(new RandomWeights(6, 0.02), "x.weight", 3, 4)),
                    "the seed changes the values");
            double sq = 0;
            for (float v : a) {
                assertTrue(Math.abs(v) <= 0.02 * Math.sqrt(3) + 1e-7);
                sq += v * v;
            }
            assertTrue(sq > 0);
        }
    }

    @Test
    void normWeightsAreOnesInEveryFamilysKeyNames() {
        for (String key : new String[] {
            "model.norm.weight",
            "model.layers.0.input_layernorm.weight", // LLaMA
            "encoder.block.0.layer.0.layer_norm.weight",
            "decoder.final_layer_norm.weight", // T5
            "visual.ln_pre.weight",
            "visual.transformer.resblocks.3.ln_2.weight",
            "ln_final.weight", // OpenCLIP
            "vision_model.pre_layrnorm.weight",
            "vision_model.encoder.layers.0.layer_norm1.weight", // HF CLIP
            "vision_model.post_layernorm.weight",
            "text_model.final_layer_norm.weight",
            "bert.embeddings.LayerNorm.weight",
            "bert.encoder.layer.0.output.LayerNorm.weight", // BERT
            "vit.encoder.layer.0.layernorm_before.weight",
            "distilbert.transformer.layer.0.sa_layer_norm.weight"
        }) {
            assertEquals(RandomWeights.Kind.ONES, RandomWeights.kind(key), key);
        }
        for (String key : new String[] {
            "visual.ln_post.bias",
            "vision_model.encoder.layers.0.layer_norm1.bias",
            "visual.transformer.resblocks.0.attn.in_proj_bias",
            "text_model.encoder.layers.1.mlp.fc1.bias"
        }) {
            assertEquals(RandomWeights.Kind.ZEROS, RandomWeights.kind(key), key);
        }
        for (String key : new String[] {
            "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
            "visual.proj",
            "text_projection",
            "visual.class_embedding",
            "shared.weight",
            "lm_head.weight",
            "visual.transformer.resblocks.0.attn.in_proj_weight",
            "model.layers.0.mlp.gate_proj.weight"
        }) {
            assertEquals(RandomWeights.Kind.RANDOM, RandomWeights.kind(key), key);
        }
        assertEquals(RandomWeights.Kind.LOGIT_SCALE, RandomWeights.kind("logit_scale"));
        try (TensorScope s = TensorScope.open()) {
            RandomWeights w = new RandomWeights(5, 0.02);
            assertArrayEquals(new float[] {1, 1, 1}, load(w, "visual.transformer.resblocks.0.ln_1.weight", 3));
            assertArrayEquals(new float[] {0, 0, 0}, load(w, "vision_model.encoder.layers.0.layer_norm2.bias", 3));
            assertEquals(2.6593, load(w, "logit_scale")[0], 1e-4);
        }
    }

    @Test
    void keysCanBeLeftOutLikeATiedHead() {
        RandomWeights w = new RandomWeights(5, 0.02);
        assertTrue(w.contains("lm_head.weight"));
        RandomWeights tied = w.without("lm_head.weight");
        assertFalse(tied.contains("lm_head.weight"));
        assertTrue(tied.contains("shared.weight"));
    }

    @Test
    void specRejectsValuesBelowOne() {
        for (int bad : new int[] {0, -3}) {
            assertThrows(BenchOptionException.class, () -> spec(bad, 1, 1, 1));
            assertThrows(BenchOptionException.class, () -> spec(1, bad, 1, 1));
            assertThrows(BenchOptionException.class, () -> spec(1, 1, bad, 1));
            assertThrows(BenchOptionException.class, () -> spec(1, 1, 1, bad));
        }
        assertThrows(
                BenchOptionException.class,
                () -> new BenchSpec(
                        "t5-base",
                        1,
                        Backends.djl(),
                        DType.FLOAT32,
                        2,
                        false,
                        1,
                        8,
                        1,
                        42,
                        io.github.lxt4j.tensor.storage.WeightFormat.F32,
                        -1));
        assertEquals(
                BenchSpec.DEFAULT_SEQ,
                new BenchSpec("t5-base", null, Backends.djl(), DType.FLOAT32, 2, false, 1, null, 1, 42).seqOrDefault());
        assertEquals(7, spec(1, 7, 1, 1).seqOrDefault());
    }

    private static BenchSpec spec(int layers, int seq, int batch, int repeats) {
        return new BenchSpec("t5-base", layers, Backends.djl(), DType.FLOAT32, 2, false, batch, seq, repeats, 42);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, BenchRunner.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void theFlopBoundRatioIsExplainTimeOverTheFlopsAtTheRateInUse() {
        Map<String, GemmRates> rates = new LinkedHashMap<>();
        rates.put("libtorch", new GemmRates(50, 100));
        rates.put("openblas", new GemmRates(100, 25));
        BenchGemm gemm = new BenchGemm(128, 2048, 5632, rates, "openblas", "libtorch");
        BenchResult r = new BenchResult(
                "tinyllama-1.1b",
                "llama",
                "4 decoder layers",
                4,
                "djl(cpu)",
                "float32",
                2,
                false,
                "attnlrp",
                "batch 1 × seq 128",
                1,
                128,
                3,
                1,
                0.5,
                1.2,
                new BenchResult.Memory(1L << 30, 1L << 30, 2L << 30, 2L << 30, 1L << 30),
                2e10,
                4e10,
                new BenchResult.DiskReads(-1, -1, -1),
                gemm,
                null);
        // x·Wᵀ by OpenBLAS at 100 and g·W by libtorch at 100: 6e10 FLOPs take 0.6 s; the explanation took 1.2 s
        assertEquals(100, gemm.inUseRate(), 1e-9);
        assertEquals(2.0, r.flopBoundRatio(), 1e-12);
        String json = r.toJson();
        for (String key : new String[] {
            "gemm_shape",
            "gemm_gflops",
            "gemm_gflops_x_wt",
            "gemm_gflops_g_w",
            "blas",
            "blas_x_wt",
            "blas_g_w",
            "flop_bound_ratio"
        }) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        String table = r.toTable();
        assertTrue(
                table.contains("128×2048·2048×5632, libtorch 66.7 (50.0 / 100.0), openblas 40.0 (100.0 / 25.0)"),
                table);
        assertTrue(table.contains("in use: openblas (x·Wᵀ) + libtorch (g·W)"), table);
        assertTrue(table.contains("FLOP-bound       2.00"), table);
    }

    @Test
    void theMlpShapeComesFromTheConfigsFieldNames() {
        ObjectMapper om = new ObjectMapper();
        assertArrayEquals(
                new long[] {2048, 5632},
                BenchGemm.mlpShape(JsonConfig.of(
                        om.createObjectNode().put("hidden_size", 2048).put("intermediate_size", 5632), "t")));
        assertArrayEquals(
                new long[] {768, 3072},
                BenchGemm.mlpShape(
                        JsonConfig.of(om.createObjectNode().put("d_model", 768).put("d_ff", 3072), "t")));
        assertArrayEquals(
                new long[] {64, 256},
                BenchGemm.mlpShape(
                        JsonConfig.of(om.createObjectNode().put("n_embd", 64).putNull("n_inner"), "t")));
        assertNull(BenchGemm.mlpShape(JsonConfig.of(om.createObjectNode().put("projection_dim", 512), "t")));
    }

    @Test
    void resultRendersEveryField() {
        BenchResult r = new BenchResult(
                "tinyllama-1.1b",
                "decoder",
                "22 decoder layers",
                22,
                "djl(cpu)",
                "float32",
                2,
                false,
                "attnlrp",
                "batch 1 × seq 128",
                1,
                128,
                5,
                10,
                2,
                4.4,
                new BenchResult.Memory(6L << 30, 7L << 30, 8L << 30, 8L << 30, 2L << 30),
                1e12,
                1.1e12,
                new BenchResult.DiskReads(3L << 30, 1L << 30, 2L << 30));
        assertEquals(2.2, r.ratio(), 1e-12);
        String json = r.toJson();
        for (String key : new String[] {
            "family",
            "architecture",
            "method",
            "input",
            "load_s",
            "forward_s",
            "explain_s",
            "explain_over_forward",
            "loaded_rss_bytes",
            "forward_peak_rss_bytes",
            "explain_peak_rss_bytes",
            "peak_rss_bytes",
            "relevance_pass_peak_bytes",
            "disk_read_load_bytes",
            "disk_read_per_forward_bytes",
            "disk_read_per_explain_bytes",
            "forward_flops",
            "relevance_flops"
        }) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        assertTrue(r.toTable().contains("explain/forward  2.20"));
        assertTrue(r.toTable().contains("tinyllama-1.1b (22 decoder layers, random weights)"));
        assertTrue(r.toTable().contains("loaded 6.00 GiB, forward peak 7.00 GiB, explain peak 8.00 GiB"), r.toTable());
        assertTrue(MemoryProbe.rss() > 0);
    }
}
