package io.github.lxt4j.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child-JVM half of {@link MemoryTest}: runs the op chain in per-iteration scopes and prints
 * {@code RSS <kb before> <kb after> <ms per iteration>}. The parent starts it with a fixed, pre-touched heap so that RSS
 * moves only with native memory.
 */
public final class MemoryProbe {
    private MemoryProbe() {}

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Views, broadcasting, matmul against a long-lived weight, reductions, indexing and masks. */
    static double step(Backend be, Tensor w, float[] data) {
        Tensor x = be.fromFloats(data, DType.FLOAT32, 2, 16, 256);
        Tensor h = x.matmul(w).softmax(-1).matmul(w.transpose(0, 1)).mul(x).add(x.slice(1, 0, 1));
        Tensor flat = h.reshape(32, 256);
        Tensor idx =
                flat.transpose(0, 1).slice(0, 0, 256, 32).topk(4, -1).indices().reshape(-1); // 32 rows of 32
        Tensor g = flat.indexSelect(0, idx).erf();
        Tensor r = g.where(g.gt(0), h.permute(1, 0, 2).reshape(32, 256).neg());
        return r.sum(-1, true).sumAll().item();
    }

    static void run(Backend be, Tensor w, float[] data, int iterations) {
        for (int i = 0; i < iterations; i++) {
            try (TensorScope s = TensorScope.open()) {
                step(be, w, data);
            }
        }
    }

    /**
     * The smallest of three readings ten iterations apart, each after a GC: both engines leave some native
     * bookkeeping (JNI handles, ND4J's op arguments) for the garbage collector, which is not a leak.
     */
    static long settledRssKb(Backend be, Tensor w, float[] data) throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            run(be, w, data, 10);
            System.gc();
            Thread.sleep(20);
            min = Math.min(min, rssKb());
        }
        return min;
    }

    public static void main(String[] args) throws InterruptedException {
        Backend be = Backends.byName(args[0], Device.cpu());
        int warmup = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        Random rnd = new Random(81);
        float[] data = new float[2 * 16 * 256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        TensorScope weights = TensorScope.detached();
        Tensor w =
                weights.within(() -> Ref.random(rnd, 256, 128).map(v -> v / 16).on(be, DType.FLOAT32));
        run(be, w, data, warmup);
        long before = settledRssKb(be, w, data);
        long t0 = System.nanoTime();
        run(be, w, data, iterations);
        double msPer = (System.nanoTime() - t0) / 1e6 / iterations;
        long after = settledRssKb(be, w, data);
        weights.close();
        System.out.printf("RSS %d %d %.3f%n", before, after, msPer);
    }
}
