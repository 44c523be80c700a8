package io.github.lxt4j.tensor.blas;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits an m×n output into tiles (the same tiles at any thread count) that the calling thread and {@code threads − 1}
 * pool workers claim one at a time from an atomic counter, so that a thread whose core is busy (another process, the
 * GC) simply computes fewer tiles instead of holding the others up at a barrier. The caller never waits for a worker
 * that has not started: it waits only for tiles already claimed. Workers park when idle (no spinning). Each tile is
 * one single-threaded OpenBLAS call on the same operands whatever the thread count, so the bits are the same too.
 */
final class GemmTiles {

    /** One tile: rows {@code [i0, i1)}, columns {@code [j0, j1)} of the output. */
    @FunctionalInterface
    interface Kernel {
        void tile(int i0, int i1, int j0, int j1);
    }

    /**
     * Tiles the split aims at, whatever the thread count: enough for two to four threads to share them unevenly (a
     * busy thread takes fewer), few enough that each stays a GEMM OpenBLAS computes at full speed, and the same
     * tiles, so the same bits, at any thread count.
     */
    static final int TARGET_TILES = 8;

    /** Columns per tile are a multiple of this (a cache line of floats, the width of an AVX-512 register). */
    static final int COLUMN_QUANTUM = 16;

    /** Narrowest column tile: narrower ones spend more time packing A than computing. */
    static final int MIN_COLUMNS = 128;

    /** Fewest rows in a tile that splits the rows: fewer leave the kernel's register blocks half empty. */
    static final int MIN_ROWS = 64;

    private static ExecutorService pool;
    private static int poolSize;

    private GemmTiles() {}

    /** Runs every tile of an m×n output with up to {@code threads} threads, the caller included. */
    static void run(int m, int n, int threads, Kernel kernel) {
        int[] split = split(m, n);
        int rowTile = split[0];
        int colTile = split[1];
        int rowTiles = (m + rowTile - 1) / rowTile;
        int colTiles = (n + colTile - 1) / colTile;
        int tiles = rowTiles * colTiles;
        if (threads <= 1 || tiles <= 1) {
            for (int t = 0; t < tiles; t++) {
                runTile(t, colTiles, rowTile, colTile, m, n, kernel);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tiles);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            for (int t = next.getAndIncrement(); t < tiles; t = next.getAndIncrement()) {
                try {
                    runTile(t, colTiles, rowTile, colTile, m, n, kernel);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        ExecutorService workers = pool(threads - 1);
        for (int w = 0; w < Math.min(threads - 1, tiles - 1); w++) {
            workers.execute(work);
        }
        work.run();
        awaitUninterruptibly(done);
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /**
     * Waits for the claimed tiles even when interrupted (the workers write into the caller's output, which must
     * outlive them), then restores the interrupt.
     */
    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code {rows per tile, columns per tile}}, independent of the thread count: column tiles of at least
     * {@link #MIN_COLUMNS}, aiming at {@link #TARGET_TILES}; when the columns give fewer tiles, the rows are split too,
     * into tiles of at least {@link #MIN_ROWS} rows.
     */
    static int[] split(int m, int n) {
        int cols = roundUp(Math.max(MIN_COLUMNS, ceilDiv(n, TARGET_TILES)), COLUMN_QUANTUM);
        cols = Math.min(cols, Math.max(n, 1));
        int colTiles = ceilDiv(n, cols);
        int rows = m;
        if (colTiles < TARGET_TILES) {
            int rowTiles = Math.min(ceilDiv(TARGET_TILES, colTiles), Math.max(1, m / MIN_ROWS));
            rows = ceilDiv(m, Math.max(1, rowTiles));
        }
        return new int[] {Math.max(1, rows), Math.max(1, cols)};
    }

    private static void runTile(int t, int colTiles, int rowTile, int colTile, int m, int n, Kernel kernel) {
        int i0 = (t / colTiles) * rowTile;
        int j0 = (t % colTiles) * colTile;
        kernel.tile(i0, Math.min(m, i0 + rowTile), j0, Math.min(n, j0 + colTile));
    }

    private static synchronized ExecutorService pool(int size) {
        if (pool == null || poolSize != size) {
            if (pool != null) {
                pool.shutdown();
            }
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread th = new Thread(r, "lxt4j-gemm-" + id.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
            poolSize = size;
        }
        return pool;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int q) {
        return ceilDiv(a, q) * q;
    }
}
