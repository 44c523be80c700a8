package io.github.lxt4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every output element belongs to exactly one tile, whatever the shape and thread count. */
class GemmTilesTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1",
        "1, 1, 4",
        "1, 32000, 2",
        "128, 5632, 2",
        "512, 256, 2",
        "7, 13, 3",
        "300, 64, 4",
        "2048, 17, 2",
        "5, 1000, 1"
    })
    void tilesCoverTheOutputOnce(int m, int n, int threads) {
        AtomicIntegerArray hits = new AtomicIntegerArray(m * n);
        GemmTiles.run(m, n, threads, (i0, i1, j0, j1) -> {
            assertTrue(i0 < i1 && j0 < j1 && i1 <= m && j1 <= n);
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    hits.incrementAndGet(i * n + j);
                }
            }
        });
        for (int e = 0; e < m * n; e++) {
            assertEquals(1, hits.get(e), "element " + e);
        }
    }

    @ParameterizedTest
    @CsvSource({"128, 5632", "1, 32000", "128, 256", "512, 2048", "64, 2048"})
    void theSplitGivesTwoThreadsSeveralTilesEachOfAFairSize(int m, int n) {
        int[] s = GemmTiles.split(m, n);
        int tiles = ((m + s[0] - 1) / s[0]) * ((n + s[1] - 1) / s[1]);
        assertTrue(tiles >= 4, "tiles " + tiles);
        assertTrue(s[0] == m || s[0] >= GemmTiles.MIN_ROWS, "rows " + s[0]);
        assertTrue(s[1] >= GemmTiles.MIN_COLUMNS, "columns " + s[1]);
        assertTrue(s[1] % GemmTiles.COLUMN_QUANTUM == 0 || s[1] == n, "columns " + s[1]);
    }

    @Test
    void anInterruptedCallerStillWaitsForEveryTileAndKeepsTheInterrupt() {
        int m = 64, n = 1024;
        AtomicIntegerArray hits = new AtomicIntegerArray(m * n);
        Thread caller = Thread.currentThread();
        GemmTiles.run(m, n, 2, (i0, i1, j0, j1) -> {
            if (Thread.currentThread() == caller) {
                caller.interrupt();
            } else {
                LockSupport.parkNanos(20_000_000L);
            }
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    hits.incrementAndGet(i * n + j);
                }
            }
        });
        assertTrue(Thread.interrupted(), "the interrupt is kept");
        for (int e = 0; e < m * n; e++) {
            assertEquals(1, hits.get(e), "element " + e);
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void aFailingTileIsRethrownOnTheCaller(int threads) {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> GemmTiles.run(64, 1024, threads, (i0, i1, j0, j1) -> {
                    if (j0 == 0) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
    }
}
