import io.github.lxt4j.cli.Main;
import io.github.lxt4j.spark.ExecutorModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Explanations per second on the demo model's 300 eval prompts, in one warm JVM (docs/spark.md): the JSON Lines mode
 * of {@code explain} (which loads the model on every run) against {@code spark-explain} on local[1] and local[2]
 * (a running session; each executor JVM, here this one, has loaded the model once before). Run through
 * benchmarks/spark-throughput.sh.
 */
public final class SparkThroughput {
    public static void main(String[] args) throws Exception {
        Path prompts = Path.of(args[0]);
        int repeats = Integer.parseInt(args[1]);
        Path tmp = Files.createTempDirectory("lxt4j-spark-bench");
        long lines = Files.readAllLines(prompts).stream().filter(l -> !l.isBlank()).count();
        run(tmp, "warm-up", "explain", "--prompts", prompts.toString(), "--jsonl", tmp.resolve("w.jsonl").toString());
        System.out.println("run\tmode\tseconds\texplanations_per_s");
        for (int round = 1; round <= repeats; round++) {
            int r = round;
            double s = run(tmp, "jsonl" + r, "explain", "--prompts", prompts.toString(), "--jsonl",
                    tmp.resolve("jsonl" + r + ".jsonl").toString());
            System.out.printf("%d\tjsonl (batch 8, main thread, as the CLI runs it)\t%.2f\t%.1f%n", r, s, lines / s);
            s = onFreshThread(() -> run(tmp, "jsonl-thread" + r, "explain", "--prompts", prompts.toString(),
                    "--jsonl", tmp.resolve("jsonl-thread" + r + ".jsonl").toString()));
            System.out.printf("%d\tjsonl (batch 8, a fresh thread, as a Spark task runs)\t%.2f\t%.1f%n", r, s,
                    lines / s);
            for (String master : new String[] {"local[1]", "local[2]"}) {
                SparkSession spark = SparkSession.builder().master(master).appName("bench")
                        .config("spark.ui.enabled", "false").getOrCreate();
                try {
                    run(tmp, "warm" + master + r, "spark-explain", "--master", master, "--input", prompts.toString(),
                            "--output", tmp.resolve("warm-" + master + r + ".jsonl").toString());
                    s = run(tmp, master + r, "spark-explain", "--master", master, "--input", prompts.toString(),
                            "--output", tmp.resolve(master + r + ".jsonl").toString());
                    System.out.printf("%d\tspark-explain %s (batch 8)\t%.2f\t%.1f%n", r, master, s, lines / s);
                } finally {
                    spark.stop();
                }
            }
        }
        System.out.println("model loads in this JVM's executor cache: " + ExecutorModels.loadCount());
        boolean same = Files.mismatch(tmp.resolve("jsonl1.jsonl"), tmp.resolve("local[1]1.jsonl")) == -1;
        System.out.println("local[1] output " + (same ? "=" : "!=") + " JSON Lines output, byte for byte");
    }

    /** PyTorch's intra-op threading differs between the JVM's main thread and threads started later. */
    private static double onFreshThread(java.util.function.DoubleSupplier work) throws InterruptedException {
        double[] out = new double[1];
        Thread t = new Thread(() -> out[0] = work.getAsDouble());
        t.start();
        t.join();
        return out[0];
    }

    private static double run(Path tmp, String name, String... args) {
        long t0 = System.nanoTime();
        int code = Main.commandLine().execute(args);
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(name + ": exit code " + code);
        }
        return s;
    }
}
