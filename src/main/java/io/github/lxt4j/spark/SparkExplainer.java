package io.github.lxt4j.spark;

import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Explains every row of a {@code Dataset<Row>} with a causal LM, a seq2seq LM (T5) or a sequence classifier, on the
 * executors.
 * Returns the rows in their order with the result fields of {@code lxt4j explain --jsonl} as typed columns (see
 * {@link ResultColumns}). Each executor JVM loads the model once ({@link ExecutorModels}) and explains its partitions
 * in left-padded batches of {@link #batchSize(int)} rows, as the JSON Lines mode does; T5 rows go one at a time. A
 * partition's batches can be explained {@link #workers(int)} at a time. A
 * bad row (empty prompt, unknown target, too long) gets an {@code error} and null results; a model that cannot load
 * fails the job with its message.
 *
 * <pre>{@code
 * SparkExplanation out = SparkExplainer.decoder(ModelLocation.path("/models/tinyllama"))
 *         .method(Method.ATTNLRP).batchSize(8).explain(prompts);
 * out.rows().write().parquet("relevance.parquet");
 * }</pre>
 *
 * Instances are immutable: every setter returns a copy.
 */
public final class SparkExplainer {
    /** Weights widened to the compute dtype at load (the only storage form of this version). */
    public static final String DEFAULT_WEIGHTS = "f32";

    public static final int DEFAULT_BATCH = 8;
    private static final Set<String> BACKENDS = Set.of("djl", "pytorch", "nd4j");

    private final ExplainSettings s;

    private SparkExplainer(ExplainSettings settings) {
        this.s = settings;
    }

    /** A decoder LM; prompts are read from column {@code prompt}, targets from {@code target}/{@code target_id}. */
    public static SparkExplainer decoder(ModelLocation model) {
        return new SparkExplainer(new ExplainSettings(
                model,
                false,
                "djl",
                "cpu",
                "float32",
                DEFAULT_WEIGHTS,
                Method.ATTNLRP,
                DEFAULT_BATCH,
                "prompt",
                "target",
                "target_id",
                "target_prefix",
                1));
    }

    /**
     * A sequence classifier (BERT, RoBERTa, XLM-R, DistilBERT): texts are read from column {@code prompt}, targets
     * (a label name or a class index) from {@code target}/{@code target_id}; the results fill the decoder columns, with
     * the class index as {@code target.id}, its label as {@code target.token} and the explained value as
     * {@code target.logit}. Rows are right-padded in batches.
     */
    public static SparkExplainer classifier(ModelLocation model) {
        return decoder(model);
    }

    /** T5 or mT5; sources are read from column {@code source}, decoder prefixes from {@code target_prefix}. */
    public static SparkExplainer t5(ModelLocation model) {
        return new SparkExplainer(new ExplainSettings(
                model,
                true,
                "djl",
                "cpu",
                "float32",
                DEFAULT_WEIGHTS,
                Method.ATTNLRP,
                DEFAULT_BATCH,
                "source",
                "target",
                "target_id",
                "target_prefix",
                1));
    }

    /** attnlrp (default), cp-lrp or gradient-x-input. */
    public SparkExplainer method(Method method) {
        if (method == Method.CP_LRP_GAMMA) {
            throw new IllegalArgumentException("cp-lrp-gamma is for CLIP models; Spark explains decoder LMs and T5"
                    + " with attnlrp, cp-lrp or gradient-x-input");
        }
        return with(s.model(), s.backend(), s.device(), s.dtype(), s.weights(), method, s.batchSize(), s.textColumn());
    }

    /** Rows of a partition explained together (decoder LMs; default {@value #DEFAULT_BATCH}). */
    public SparkExplainer batchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + rows);
        }
        return with(s.model(), s.backend(), s.device(), s.dtype(), s.weights(), s.method(), rows, s.textColumn());
    }

    /**
     * Batches of a partition explained at a time on the executor's one model (default 1), each worker with its
     * share of the task thread's intra-op threads; the rows keep their order and equal those of one worker. DJL only.
     */
    public SparkExplainer workers(int n) {
        ExplainWorkers.check(n, s.backend().trim().toLowerCase(Locale.ROOT), "workers");
        return new SparkExplainer(new ExplainSettings(
                s.model(),
                s.seq2seq(),
                s.backend(),
                s.device(),
                s.dtype(),
                s.weights(),
                s.method(),
                s.batchSize(),
                s.textColumn(),
                s.targetColumn(),
                s.targetIdColumn(),
                s.targetPrefixColumn(),
                n));
    }

    /** djl (default) or nd4j. */
    public SparkExplainer backend(String backend) {
        if (!BACKENDS.contains(backend.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown backend '" + backend + "': expected djl or nd4j");
        }
        return with(s.model(), backend, s.device(), s.dtype(), s.weights(), s.method(), s.batchSize(), s.textColumn());
    }

    /** cpu (default) or gpu, on each executor. */
    public SparkExplainer device(String device) {
        Device.parse(device);
        return with(s.model(), s.backend(), device, s.dtype(), s.weights(), s.method(), s.batchSize(), s.textColumn());
    }

    /** The compute dtype: float32 (default) or float64; float16 on DJL. */
    public SparkExplainer dtype(String dtype) {
        DType.parse(dtype);
        return with(s.model(), s.backend(), s.device(), dtype, s.weights(), s.method(), s.batchSize(), s.textColumn());
    }

    /** The storage form of the block linears' weights: {@code f32|bf16|f16|int8|nf4|fp4} (docs/quantization.md). */
    public SparkExplainer weights(String weights) {
        WeightFormat.parse(weights);
        return with(s.model(), s.backend(), s.device(), s.dtype(), weights, s.method(), s.batchSize(), s.textColumn());
    }

    /** The column with the prompt (decoder LMs) or the source (T5). */
    public SparkExplainer promptColumn(String column) {
        return with(s.model(), s.backend(), s.device(), s.dtype(), s.weights(), s.method(), s.batchSize(), column);
    }

    private SparkExplainer with(
            ModelLocation model,
            String backend,
            String device,
            String dtype,
            String weights,
            Method method,
            int batch,
            String text) {
        return new SparkExplainer(new ExplainSettings(
                model,
                s.seq2seq(),
                backend,
                device,
                dtype,
                weights,
                method,
                batch,
                text,
                s.targetColumn(),
                s.targetIdColumn(),
                s.targetPrefixColumn(),
                s.workers()));
    }

    /**
     * The rows of {@code input} in their order: its columns (except those named like a result column, which the
     * result replaces), then the result columns and {@code error}. Lazy: the work runs with the first action.
     */
    public SparkExplanation explain(Dataset<Row> input) {
        ExplainWorkers.check(s.workers(), s.backend().trim().toLowerCase(Locale.ROOT), "workers");
        InputColumns columns = InputColumns.of(input.schema(), s);
        SparkSession spark = input.sparkSession();
        LongAccumulator explained = spark.sparkContext().longAccumulator("lxt4j explained rows");
        LongAccumulator failed = spark.sparkContext().longAccumulator("lxt4j bad rows");
        Dataset<Row> out = input.mapPartitions(
                new PartitionExplainer(s, columns, explained, failed), Encoders.row(columns.output()));
        return new SparkExplanation(out, explained, failed);
    }
}
