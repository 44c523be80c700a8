package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.models.AttentionMemory.InsufficientMemoryException;
import io.github.lxt4j.models.bnb.BnbCheckpoint;
import io.github.lxt4j.models.bnb.BnbWriter;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-front memory check of a load, on llama-tiny (float32: 2 layers of 43,008 linear parameters, embedding and
 * untied head of 320 × 64, five norm vectors of 64), counted by hand from its config.
 */
class LoadMemoryTest {
    private static final long LINEAR = 2 * (64 * 64 + 32 * 64 + 32 * 64 + 64 * 64 + 3 * 160 * 64);
    private static final long TABLES = 2 * 320 * 64;
    private static final long VECTORS = 5 * 64;

    @TempDir
    Path tmp;

    private static long bound(Checkpoint c, WeightFormat f) {
        return LoadMemory.lowerBound(c, BnbCheckpoint.of(c), f, DType.FLOAT32);
    }

    @Test
    void theLowerBoundCountsEachStorageForm() {
        try (Checkpoint c = Checkpoint.open(Fixtures.dir("llama-tiny"))) {
            assertEquals(4 * (LINEAR + TABLES + VECTORS), bound(c, WeightFormat.F32));
            assertEquals(2 * LINEAR + 4 * (TABLES + VECTORS), bound(c, WeightFormat.BF16));
            assertEquals(LINEAR + 4 * (TABLES + VECTORS), bound(c, WeightFormat.INT8));
            assertEquals(LINEAR / 2 + 4 * (TABLES + VECTORS), bound(c, WeightFormat.NF4));
        }
    }

    @Test
    void bitsandbytesWeightsAreViewsOfTheFile() {
        Path saved = tmp.resolve("nf4");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.NF4, false, saved, false);
        try (Checkpoint c = Checkpoint.open(saved)) {
            assertEquals(4 * (TABLES + VECTORS), bound(c, WeightFormat.NF4));
            assertEquals(4 * (TABLES + VECTORS), bound(c, WeightFormat.BF16));
        }
    }

    @Test
    void aLoadThatCannotFitIsRefusedWithWhatWouldFit() {
        try (Checkpoint c = Checkpoint.open(Fixtures.dir("llama-tiny"))) {
            BnbCheckpoint bnb = BnbCheckpoint.of(c);
            long available = 2 * LINEAR + 4 * (TABLES + VECTORS) - 1; // bf16 just does not fit, int8 does
            InsufficientMemoryException e = assertThrows(
                    InsufficientMemoryException.class,
                    () -> LoadMemory.check(c, bnb, LoadOptions.defaults(), available));
            String m = e.getMessage();
            assertTrue(m.contains(c.source()) && m.contains("--weights f32"), m);
            assertTrue(m.contains("--weights int8") && m.contains("--weights nf4"), m);
            assertFalse(m.contains("--weights bf16"), m);
            LoadMemory.check(c, bnb, LoadOptions.defaults().withWeights(WeightFormat.INT8), available);
            LoadMemory.check(c, bnb, LoadOptions.defaults(), -1); // MemAvailable unknown: no check
        }
    }
}
