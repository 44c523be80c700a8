package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/** The deterministic parts of the benchmark: presets, random weights, FLOP arithmetic, result rendering. */
class BenchPiecesTest {

    @Test
    void tinyLlamaPresetHasTheRealShape() {
        LlamaConfig c = LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", null));
        assertEquals(22, c.numLayers());
        assertEquals(2048, c.hiddenSize());
        assertEquals(4, c.numKvHeads());
        assertEquals(64, c.headDim());
        assertEquals(8, LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", 8)).numLayers());
        assertThrows(IllegalArgumentException.class, () -> BenchPresets.resolve("no-such-model", null));
    }

    @Test
    void flopsFollowTheHandCount() {
        LlamaConfig c = LlamaConfig.parse(BenchPresets.resolve("tinyllama-1.1b", 1));
        // one layer per token: q,o 2048² each, k,v 2048·256 each, MLP 3·2048·5632; ×2 for multiply-add
        double linear = 2.0 * (2 * 2048.0 * 2048 + 2 * 2048.0 * 256 + 3 * 2048.0 * 5632);
        double attention = 2.0 * 2 * 32 * 128.0 * 128 * 64;
        double head = 2.0 * 2048 * 32000;
        assertEquals(128 * linear + attention + head, FlopEstimate.forward(c, 1, 128, 1), 1);
        assertEquals(128 * linear + 2 * attention + head, FlopEstimate.relevance(c, 1, 128, 1), 1);
    }

    @Test
    void randomWeightsAreDeterministicAndShaped() {
        try (TensorScope s = TensorScope.open()) {
            RandomWeights w = new RandomWeights(5, 0.02);
            float[] a = w.load("x.weight", new long[] {3, 4}, Backends.djl(), DType.FLOAT32).toFloatArray();
            float[] b = w.load("x.weight", new long[] {3, 4}, Backends.djl(), DType.FLOAT32).toFloatArray();
            assertArrayEquals(a, b);
            double sq = 0;
            for (float v : a) {
                assertTrue(Math.abs(v) <= 0.02 * Math.sqrt(3) + 1e-7);
                sq += v * v;
            }
            assertTrue(sq > 0);
            float[] norm = w.load("model.norm.weight", new long[] {4}, Backends.djl(), DType.FLOAT32).toFloatArray();
            assertArrayEquals(new float[] {1, 1, 1, 1}, norm);
        }
    }

    @Test
    void resultRendersEveryField() {
        BenchResult r = new BenchResult("tinyllama-1.1b", 22, "djl(cpu)", "float32", 2, false, 1, 128, 5, 10, 2, 4.4,
                8L << 30, 1L << 30, 1e12, 1.1e12);
        assertEquals(2.2, r.ratio(), 1e-12);
        String json = r.toJson();
        for (String key : new String[] {"load_s", "forward_s", "explain_s", "explain_over_forward", "peak_rss_bytes",
                "relevance_pass_peak_bytes", "forward_flops", "relevance_flops"}) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        assertTrue(r.toTable().contains("explain/forward  2.20"));
        assertTrue(MemoryProbe.rss() > 0);
    }
}
