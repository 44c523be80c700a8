package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bench --save-dir}: the random weights written in shards and loaded back memory-mapped equal the weights
 * drawn in memory, the folder is reused, and what it cannot hold is refused.
 */
class SavedCheckpointTest {
    private static final long[][] IDS = {{5, 17, 33, 2, 90, 41}};

    @TempDir
    Path tmp;

    private static JsonConfig mixtral() {
        return BenchPresets.resolve(
                Fixtures.dir("mixtral-tiny").resolve("config.json").toString(), null);
    }

    private static BenchSpec spec(WeightFormat weights, long seed) {
        return new BenchSpec("mixtral-tiny", null, Backends.djl(), DType.FLOAT32, 1, false, 1, 6, 1, seed, weights, 0);
    }

    private static PretrainedModel save(JsonConfig json, BenchSpec s, Path dir) {
        // shards of 8 KiB: the tiny model spreads over many files, as an 8B model over its 2 GiB shards
        return SavedCheckpoint.open(json, s, dir, new PrintWriter(new StringWriter()), 8 << 10);
    }

    @ParameterizedTest
    @EnumSource(
            value = WeightFormat.class,
            names = {"NF4", "FP4", "INT8", "BF16"})
    void savedWeightsEqualTheWeightsDrawnInMemory(WeightFormat format) throws Exception {
        JsonConfig json = mixtral();
        BenchSpec s = spec(format, 7);
        Path dir = tmp.resolve("saved");
        try (TensorScope scope = TensorScope.open();
                PretrainedModel saved = save(json, s, dir);
                PretrainedModel drawn = AutoModel.family(json)
                        .generate(json, new RandomWeights(7, RandomWeights.STD), s.loadOptions())) {
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(
                        files.filter(f -> f.toString().endsWith(".safetensors")).count() > 3, "several shards");
            }
            Map<String, StoredWeight> a = WeightInventory.of((Module) saved);
            Map<String, StoredWeight> b = WeightInventory.of((Module) drawn);
            assertEquals(b.keySet(), a.keySet());
            for (String k : b.keySet()) {
                assertEquals(b.get(k).format(), a.get(k).format(), k);
                assertArrayEquals(b.get(k).dequantize(), a.get(k).dequantize(), k);
            }
            assertArrayEquals(relevance(drawn), relevance(saved));
        }
    }

    private static double[] relevance(PretrainedModel m) {
        try (CausalLmExplainer e = new CausalLmExplainer((CausalLm) m, null)) {
            List<Explanation> r = e.explainIds(IDS, null, Target.argmax(), Method.ATTNLRP, false);
            return r.get(0).relevance();
        }
    }

    @Test
    void aSecondRunReusesTheFolderAndAnotherRunIsRefused() throws Exception {
        JsonConfig json = mixtral();
        Path dir = tmp.resolve("saved");
        try (TensorScope scope = TensorScope.open()) {
            save(json, spec(WeightFormat.NF4, 7), dir).close();
            Path stamp = dir.resolve(SavedCheckpoint.STAMP);
            long written = Files.getLastModifiedTime(stamp).toMillis();
            StringWriter progress = new StringWriter();
            SavedCheckpoint.open(json, spec(WeightFormat.NF4, 7), dir, new PrintWriter(progress), 8 << 10)
                    .close();
            assertTrue(progress.toString().contains("loading the weights saved in"), progress.toString());
            assertEquals(written, Files.getLastModifiedTime(stamp).toMillis());
            BenchOptionException other =
                    assertThrows(BenchOptionException.class, () -> save(json, spec(WeightFormat.NF4, 8), dir));
            assertTrue(
                    other.getMessage().contains(dir.toString())
                            && other.getMessage().contains("seed 7")
                            && other.getMessage().contains("seed 8"),
                    other.getMessage());
        }
    }

    @Test
    void floatWeightsAndForeignFoldersAreRefused() throws Exception {
        JsonConfig json = mixtral();
        BenchOptionException f32 = assertThrows(
                BenchOptionException.class, () -> save(json, spec(WeightFormat.F32, 7), tmp.resolve("f32")));
        assertTrue(f32.getMessage().contains("--weights"), f32.getMessage());
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThrows(OutputException.class, () -> save(json, spec(WeightFormat.NF4, 7), foreign));
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }
}
