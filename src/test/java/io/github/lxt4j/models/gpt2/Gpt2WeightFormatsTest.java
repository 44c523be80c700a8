package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.HalfWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --weights} on GPT-2, whose Conv1D weights are stored [in, out] and transposed at load: the quantized model
 * equals the float32 model of its dequantized checkpoint (which {@code quantize --dequantize} writes back [in, out]),
 * in both key layouts; nf4 and bf16 relevance stays close to float32; a bf16 checkpoint kept bf16 loses nothing.
 */
class Gpt2WeightFormatsTest {

    @TempDir
    Path tmp;

    static LoadOptions options(WeightFormat f) {
        return LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(f);
    }

    private static Map<String, TensorData> attnLrp(Path dir, WeightFormat f) {
        return Gpt2Checkpoints.explain(dir, options(f), Method.ATTNLRP);
    }

    private static void close(
            String what, Map<String, TensorData> actual, Map<String, TensorData> expected, double rel) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) {
            Compare.relevance(
                    what + " " + k, actual.get(k).toDoubles(), expected.get(k).toDoubles(), rel, 1 - rel);
        }
    }

    /** The fixture, or the same weights under the hub's bare keys. */
    private Path checkpoint(String layout) {
        if (layout.equals("prefixed")) {
            return Gpt2Checkpoints.fixture();
        }
        Map<String, TensorData> bare = new LinkedHashMap<>();
        Gpt2Checkpoints.weights(DType.FLOAT32).forEach((k, v) -> bare.put(k.replaceFirst("^transformer\\.", ""), v));
        return Gpt2Checkpoints.write(tmp.resolve("bare"), bare, c -> {});
    }

    @ParameterizedTest
    @CsvSource({"prefixed,nf4", "prefixed,fp4", "prefixed,int8", "bare,nf4", "bare,int8"})
    void quantizedModelEqualsTheFloat32ModelOfItsDequantizedCheckpoint(String layout, String format) {
        WeightFormat f = WeightFormat.parse(format);
        Path src = checkpoint(layout);
        Path out = tmp.resolve("dequantized");
        int n = DequantizedCheckpoint.write(src, f, out);
        assertEquals(8, n, "the four Conv1D weights of each of the two blocks are quantized");
        Map<String, TensorData> quantized = attnLrp(src, f);
        close(layout + " " + f, quantized, attnLrp(out, WeightFormat.F32), 1e-5);
        double[] a = attnLrp(src, WeightFormat.F32).get("logits_last").toDoubles();
        double[] b = quantized.get("logits_last").toDoubles();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertTrue(diff > 0, layout + " " + f + ": quantized logits equal the float32 ones");
    }

    /**
     * Measured AttnLRP cosines against float32: nf4 0.9973 (tokens) and 0.9843 (embeddings), bf16 0.999999 and
     * 0.999997. Four bits on this fixture's random weights move single embedding dimensions the most; that nf4 is
     * otherwise exact is shown by the dequantized-checkpoint test above.
     */
    @ParameterizedTest
    @CsvSource({"nf4,0.99,0.98", "bf16,0.9999,0.9999"})
    void relevanceStaysCloseToFloat32(String format, double tokensCosine, double embeddingsCosine) {
        Map<String, TensorData> f32 = attnLrp(Gpt2Checkpoints.fixture(), WeightFormat.F32);
        Map<String, TensorData> stored = attnLrp(Gpt2Checkpoints.fixture(), WeightFormat.parse(format));
        Map<String, Double> minCosine = Map.of("attnlrp.tokens", tokensCosine, "attnlrp.embeddings", embeddingsCosine);
        for (Map.Entry<String, Double> e : minCosine.entrySet()) {
            String k = e.getKey();
            double[] r = stored.get(k).toDoubles();
            for (double v : r) {
                assertTrue(Double.isFinite(v), format + " " + k);
            }
            Compare.Agreement a = Compare.measure(r, f32.get(k).toDoubles());
            assertTrue(a.cosine() >= e.getValue(), format + " " + k + ": cosine " + a.cosine());
            assertTrue(a.relativeError() > 0, format + " " + k + ": identical to float32, nothing was stored");
        }
    }

    @Test
    void aBf16CheckpointKeptBf16EqualsItsWidenedLoad() {
        Map<String, TensorData> bf16 = Gpt2Checkpoints.weights(DType.BFLOAT16);
        Path dir = Gpt2Checkpoints.write(tmp.resolve("bf16"), bf16, c -> c.put("dtype", "bfloat16"));
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m = Gpt2LMHeadModel.fromPretrained(dir, options(WeightFormat.BF16))) {
            Map<String, StoredWeight> w = WeightInventory.of(m);
            assertEquals(9, w.size(), "8 Conv1D weights and the tied wte");
            for (StoredWeight sw : w.values()) {
                assertInstanceOf(HalfWeight.class, sw, sw.name());
                assertEquals(WeightFormat.BF16, sw.format(), sw.name());
                assertTrue(bf16.containsKey(sw.name()), sw.name() + " is named by its checkpoint key");
            }
        }
        close("bf16 kept vs widened", attnLrp(dir, WeightFormat.BF16), attnLrp(dir, WeightFormat.F32), 1e-6);
    }

    @Test
    void onlyTheConv1dWeightsTakeTheFormatOfAFloat32Checkpoint() {
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m =
                        Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), options(WeightFormat.NF4))) {
            int conv = 0;
            for (StoredWeight w : WeightInventory.of(m).values()) {
                if (Gpt2Weights.isConv1dWeight(w.name())) {
                    assertEquals(WeightFormat.NF4, w.format(), w.name());
                    conv++;
                } else {
                    assertInstanceOf(DenseWeight.class, w, w.name() + ": the embedding table stays dense");
                }
            }
            assertEquals(8, conv);
        }
    }
}
