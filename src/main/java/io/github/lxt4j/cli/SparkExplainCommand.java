package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.PretrainedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lxt4j spark-explain}: the JSON Lines mode of {@code explain}, run as an Apache Spark job. Spark itself is
 * touched only in {@link SparkJob}, so that this command (and the rest of the CLI) loads without Spark.
 */
@Command(
        name = "spark-explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain every row of a Parquet or JSON Lines file on Apache Spark (see docs/spark.md).",
            "Each executor loads the model once and explains its rows in batches; a bad row gets an 'error' and null"
                    + " results instead of failing the job. Without --model it runs the embedded demo model, which was"
                    + " trained on prompts of exactly six facts ('NAME likes THING .' six times, then 'so NAME"
                    + " likes').",
            "Needs Apache Spark 4 (Scala 2.13) on the class path: ./lxt4j adds it; spark-submit brings its own."
        })
public final class SparkExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master, e.g. local[2] (default: the one" + " spark-submit sets, else local[*]).")
    String master;

    @Option(
            names = "--model",
            paramLabel = "DIR|HUB_ID",
            description = "HF folder or hub id in the local HF cache (default: the embedded demo"
                    + " model, shipped to the executors).")
    String model;

    @Option(
            names = "--ship",
            description = "Ship the --model folder from the driver to every executor"
                    + " (SparkContext.addFile) instead of reading it at the same path on each executor.")
    boolean ship;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "IN.parquet|IN.jsonl",
            description = "Rows to explain:"
                    + " Parquet with a 'prompt' column (T5: 'source', optional 'target_prefix'), optional 'target'"
                    + " (token"
                    + " string or id) or 'target_id'; or the JSON Lines input of 'explain --prompts'.")
    String input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "OUT.parquet|OUT.jsonl",
            description = "Parquet"
                    + " (a folder), or JSON Lines: one file of the lines 'explain --jsonl' writes, in input order.")
    String output;

    @Option(
            names = "--parts",
            description = "JSON Lines output as a folder of part files, one per partition, in"
                    + " order, written by the executors (for outputs that the driver cannot or should not write).")
    boolean parts;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "attnlrp",
            description = "attnlrp, cp-lrp or gradient-x-input (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Rows explained together (default: " + JsonlOptions.DEFAULT_BATCH
                    + "; decoder LMs only, T5 rows go one at a time).")
    Integer batchSize;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Split the input into N partitions of"
                    + " consecutive rows (default: Spark's default parallelism, e.g. N of local[N]).")
    Integer partitions;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    WorkersOption workers;

    @Override
    public Integer call() {
        SparkJobSpec.Format in = SparkJobSpec.Format.of(input, "--input");
        SparkJobSpec.Format out = SparkJobSpec.Format.of(output, "--output");
        if (parts && out != SparkJobSpec.Format.JSONL) {
            throw new IllegalArgumentException(
                    "--parts is for JSON Lines output; Parquet output is a folder of part" + " files anyway");
        }
        SparkArguments.checkMaster(master);
        SparkArguments.checkInput(input);
        if (Files.exists(Path.of(output))) {
            throw new JsonlException("--output " + output + " exists; write the results elsewhere or remove it");
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        Method m = Method.parse(method);
        runtime.dtype();
        runtime.applyBlas();
        int workerCount = workers.count(runtime.backend);
        Path dir = ModelResolver.resolve(model);
        boolean t5 = AutoModel.family(PretrainedConfig.read(dir)).capability() == Capability.SEQ2SEQ_LM;
        if (t5 && batchSize != null) {
            throw new IllegalArgumentException(
                    "--batch-size is for decoder LMs: T5 rows are explained one at a time;" + " drop --batch-size");
        }
        SparkJobSpec job = new SparkJobSpec(
                master,
                dir,
                ship || model == null,
                t5,
                input,
                in,
                output,
                out,
                parts,
                m,
                batchSize == null ? JsonlOptions.DEFAULT_BATCH : batchSize,
                partitions,
                runtime.backend,
                runtime.device,
                runtime.dtype,
                runtime.weights().cliName(),
                workerCount);
        try {
            return SparkJob.run(job, spec.commandLine().getErr());
        } catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("org/apache/spark")
                    || String.valueOf(e.getMessage()).startsWith("scala/")) {
                throw new Lxt4jException(
                        "spark-explain needs Apache Spark 4 (Scala 2.13) on the class path, e.g."
                                + " org.apache.spark:spark-sql_2.13:4.0.4; run it with ./lxt4j or spark-submit"
                                + " (missing: "
                                + e.getMessage() + ")",
                        e);
            }
            throw e;
        }
    }
}
