package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.spark.ModelLocation;
import io.github.lxt4j.spark.OrderedSplit;
import io.github.lxt4j.spark.SparkExplainer;
import io.github.lxt4j.spark.SparkExplanation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Spark side of {@code lxt4j spark-explain}: read, split in order, explain, write, report the counts. */
final class SparkJob {
    private SparkJob() {}

    static int run(SparkJobSpec job, PrintWriter err) {
        scala.Option<SparkSession> running = SparkSession.getActiveSession().orElse(SparkSession::getDefaultSession);
        SparkSession spark = running.isDefined() ? running.get() : start(job.master());
        if (running.isDefined()
                && job.master() != null
                && !job.master().equals(spark.sparkContext().master())) {
            throw new IllegalArgumentException(
                    "a Spark session on " + spark.sparkContext().master() + " already runs" + " in this JVM; --master "
                            + job.master() + " cannot change it");
        }
        try {
            Dataset<Row> rows = job.inputFormat() == SparkJobSpec.Format.JSONL
                    ? JsonlRows.read(spark, job.input(), job.t5())
                    : spark.read().parquet(job.input());
            int partitions = job.partitions() != null
                    ? job.partitions()
                    : spark.sparkContext().defaultParallelism();
            ModelLocation model = job.ship()
                    ? ModelLocation.ship(spark, job.model())
                    : ModelLocation.path(job.model().toAbsolutePath().toString());
            SparkExplainer explainer = (job.t5() ? SparkExplainer.t5(model) : SparkExplainer.decoder(model))
                    .method(job.method())
                    .batchSize(job.batchSize())
                    .backend(job.backend())
                    .device(job.device())
                    .dtype(job.dtype())
                    .weights(job.weights())
                    .workers(job.workers());
            SparkExplanation result = explainer.explain(OrderedSplit.split(rows, partitions));
            Dataset<Row> out =
                    job.inputFormat() == SparkJobSpec.Format.JSONL ? JsonlRows.located(result.rows()) : result.rows();
            try {
                write(out, job);
            } catch (Exception failed) { // Scala throws the checked SparkException undeclared
                throw lxt4jCause(failed);
            }
            err.printf(
                    "[spark-explain] %d rows explained, %d bad rows (see their 'error'); wrote %s%n",
                    result.explained().value(), result.failed().value(), job.output());
            err.flush();
            return 0;
        } finally {
            if (!running.isDefined()) {
                spark.stop();
            }
        }
    }

    /** A job that failed on an lxt4j error (a model that cannot load) fails with that error's message alone. */
    private static RuntimeException lxt4jCause(Exception failed) {
        if (failed instanceof Lxt4jException own) {
            return own;
        }
        for (Throwable t = failed.getCause(); t != null; t = t.getCause()) {
            if (t instanceof Lxt4jException e) {
                return new Lxt4jException("the Spark job failed: " + e.getMessage(), failed);
            }
        }
        return failed instanceof RuntimeException r ? r : new IllegalStateException(failed.getMessage(), failed);
    }

    private static SparkSession start(String master) {
        SparkSession.Builder builder =
                SparkSession.builder().appName("lxt4j spark-explain").config("spark.ui.enabled", "false");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }

    private static void write(Dataset<Row> out, SparkJobSpec job) {
        if (job.outputFormat() == SparkJobSpec.Format.PARQUET) {
            out.write().parquet(job.output());
            return;
        }
        Dataset<String> lines = out.map(
                new JsonlRows.ToLine(job.t5(), job.inputFormat() == SparkJobSpec.Format.JSONL, out.schema()),
                Encoders.STRING());
        if (job.parts()) {
            lines.write().text(job.output());
            return;
        }
        Path target = Path.of(job.output()).toAbsolutePath();
        Path parts = target.resolveSibling(target.getFileName() + ".parts");
        lines.write().text(parts.toString());
        concatenate(parts, target);
    }

    /** The part files of {@code folder}, in partition order, as one file; then the folder is removed. */
    private static void concatenate(Path folder, Path file) {
        try (Stream<Path> listed = Files.list(folder)) {
            List<Path> parts = listed.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
            try (OutputStream out = Files.newOutputStream(file)) {
                for (Path p : parts) {
                    try (InputStream in = Files.newInputStream(p)) {
                        in.transferTo(out);
                    }
                }
            }
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new JsonlException("cannot write results to " + file + ": " + JsonlException.reason(e), e);
        }
    }
}
