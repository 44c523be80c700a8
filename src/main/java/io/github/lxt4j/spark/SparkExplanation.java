package io.github.lxt4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The explained rows (lazy, like every Dataset: nothing runs before an action) and the job's counts. The counts grow
 * while an action computes the rows; a Dataset computed twice (two actions without {@code cache()}) counts twice.
 *
 * @param rows      the input rows, in their order, with the result columns and {@code error}
 * @param explained rows explained
 * @param failed    rows with an {@code error} and null results
 */
public record SparkExplanation(Dataset<Row> rows, LongAccumulator explained, LongAccumulator failed) {}
