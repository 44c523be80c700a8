package io.github.lxt4j.models.gemma3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gemma3-tiny with {@code --weights}: the block linears take the format, the model equals the float32 model of its
 * dequantized weights, and its relevance stays close to the float32 one (same targets as the fixture).
 */
class Gemma3WeightsTest {

    private static final Path DIR = Fixtures.dir(Gemma3Folders.FIXTURE);
    /** The fixture's targets (reference.json), so that every load explains the same logits. */
    private static final BatchOptions TARGETS =
            BatchOptions.defaults().withLayers(true).withTarget(new long[] {181, 272});

    private static LoadOptions options(WeightFormat f) {
        return LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(f);
    }

    /**
     * @param minCosine against the float32 relevance: bf16 rounds each weight by at most 2⁻⁹ relative; nf4 keeps
     *     one of 16 levels per block of 64, which on this random model (weights ~ N(0, 0.1²)) moves relevance
     *     visibly (measured: cosine 0.975 at worst, layer.2; with argmax targets nf4 even changes a row's target)
     */
    @ParameterizedTest
    @CsvSource({"nf4,0.97", "bf16,0.9999"})
    void storedWeightsChangeRelevanceOnlyByTheirRounding(String format, double minCosine, @TempDir Path tmp) {
        WeightFormat f = WeightFormat.parse(format);
        try (TensorScope s = TensorScope.open();
                Gemma3ForCausalLM m = Gemma3ForCausalLM.fromPretrained(DIR, options(f))) {
            int linears = 0;
            for (StoredWeight w : WeightInventory.of(m).values()) {
                if (w.name().contains("layers.")) {
                    assertEquals(f, w.format(), w.name());
                    linears++;
                } else {
                    assertInstanceOf(DenseWeight.class, w, w.name() + ": embeddings and lm_head stay dense");
                }
            }
            assertEquals(3 * 7, linears, "q, k, v, o, gate, up, down in each of the 3 layers");
        }
        Map<String, TensorData> stored = Gemma3Folders.explain(DIR, options(f), Method.ATTNLRP, TARGETS);
        Path dequantized = tmp.resolve("dequantized");
        DequantizedCheckpoint.write(DIR, f, dequantized);
        Map<String, TensorData> same =
                Gemma3Folders.explain(dequantized, options(WeightFormat.F32), Method.ATTNLRP, TARGETS);
        Map<String, TensorData> dense = Gemma3Folders.explain(DIR, options(WeightFormat.F32), Method.ATTNLRP, TARGETS);
        double[] a = stored.get("logits_last").toDoubles();
        double[] b = dense.get("logits_last").toDoubles();
        double logitDiff = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isFinite(a[i]), "logit " + i);
            logitDiff = Math.max(logitDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(logitDiff > 0, f + ": the stored weights changed nothing (was the format ignored?)");
        for (String k : stored.keySet()) {
            double[] r = stored.get(k).toDoubles();
            Compare.relevance(
                    f + " " + k + " vs its dequantized float32 model",
                    r,
                    same.get(k).toDoubles(),
                    1e-5,
                    0.99999);
            if (k.startsWith("attnlrp.")) {
                Compare.Agreement agree = Compare.measure(r, dense.get(k).toDoubles());
                assertTrue(
                        agree.cosine() >= minCosine, f + " " + k + ": cosine " + agree.cosine() + " against float32");
            }
        }
    }
}
