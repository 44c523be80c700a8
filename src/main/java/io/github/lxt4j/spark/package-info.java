/**
 * Corpus-scale explanation on Apache Spark (a {@code provided} dependency): {@link SparkExplainer} explains every row
 * of a {@code Dataset<Row>} on the executors, one model per executor JVM ({@link ExecutorModels}), partitions in
 * left-padded batches, results as typed columns ({@link ResultColumns}) (docs/spark.md).
 */
package io.github.lxt4j.spark;
