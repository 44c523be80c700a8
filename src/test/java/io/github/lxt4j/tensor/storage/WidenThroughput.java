package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;

/**
 * Widening throughput (elements/s) of each storage format on one 4096 x 14336 weight (an 8B model's MLP shape), on
 * DJL (the backend's vectorised decoder, and the Java decode, the default; the backend's with {@code -Dlxt4j.backendWidening=true}) and ND4J (the
 * Java decode) in float32. Run: {@code java -cp <test classpath> io.github.lxt4j.tensor.storage.WidenThroughput
 * [reps] [nf4,int8,...]}.
 */
public final class WidenThroughput {
    private WidenThroughput() {}

    public static void main(String[] args) {
        int rows = 4096;
        int cols = 14336;
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        float[] w = WidenTest.gaussian(rows * cols, 1);
        System.out.printf(
                "weight %d x %d = %.1fM elements, %d cores%n",
                rows, cols, rows * (double) cols / 1e6, Runtime.getRuntime().availableProcessors());
        WeightFormat[] formats = args.length > 1
                ? java.util.Arrays.stream(args[1].split(","))
                        .map(WeightFormat::parse)
                        .toArray(WeightFormat[]::new)
                : new WeightFormat[] {
                    WeightFormat.BF16, WeightFormat.F16, WeightFormat.INT8, WeightFormat.NF4, WeightFormat.FP4
                };
        for (WeightFormat f : formats) {
            long q0 = System.nanoTime();
            StoredWeight s = StoredWeights.quantize("w", f, w, rows, cols);
            double quantizeS = (System.nanoTime() - q0) / 1e9;
            float[] warm = new float[rows * cols];
            double bestDecode = Double.MAX_VALUE;
            for (int r = 0; r < reps + 1; r++) {
                long t0 = System.nanoTime();
                RowTasks.run(rows, cols, (row, scratch) -> {
                    ((DecodedWeight) s).decodeRow(row, scratch);
                    System.arraycopy(scratch, 0, warm, row * cols, cols);
                });
                double sec = (System.nanoTime() - t0) / 1e9;
                if (r > 0) {
                    bestDecode = Math.min(bestDecode, sec);
                }
            }
            System.out.printf(
                    "%-5s decode into warm memory %7.1f ms  %6.2f Gelem/s%n",
                    f, bestDecode * 1e3, rows * (double) cols / bestDecode / 1e9);
            // djl: the backend's decoder; djl-java: the Java decode into the DJL tensor; nd4j: the Java decode
            String[] modes = {"djl", "djl-java", "nd4j"};
            for (String mode : modes) {
                Backend be = mode.equals("nd4j") ? Backends.nd4j() : Backends.djl();
                System.setProperty("lxt4j.backendWidening", Boolean.toString(!mode.equals("djl-java")));
                double best = Double.MAX_VALUE;
                for (int r = 0; r < reps + 1; r++) {
                    try (TensorScope scope = TensorScope.open()) {
                        long t0 = System.nanoTime();
                        s.widen(be, DType.FLOAT32);
                        double sec = (System.nanoTime() - t0) / 1e9;
                        if (r > 0) {
                            best = Math.min(best, sec);
                        }
                    }
                }
                System.clearProperty("lxt4j.backendWidening");
                System.out.printf(
                        "%-5s %-8s widen %7.1f ms  %6.2f Gelem/s   (quantize %.2f s, %.4f bytes/param)%n",
                        f,
                        mode,
                        best * 1e3,
                        rows * (double) cols / best / 1e9,
                        quantizeS,
                        s.storageBytes() / (rows * (double) cols));
            }
            s.close();
        }
    }
}
