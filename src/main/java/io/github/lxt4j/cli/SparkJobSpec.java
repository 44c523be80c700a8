package io.github.lxt4j.cli;

import io.github.lxt4j.explain.Method;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code lxt4j spark-explain} was asked to do, in plain types.
 *
 * @param master     the Spark master, or null for spark-submit's (else {@code local[*]})
 * @param ship       whether the driver ships {@code model} to the executors
 * @param partitions null for Spark's default parallelism
 * @param workers    batches of a partition explained at a time ({@code --workers})
 */
record SparkJobSpec(
        String master,
        Path model,
        boolean ship,
        boolean t5,
        String input,
        Format inputFormat,
        String output,
        Format outputFormat,
        boolean parts,
        Method method,
        int batchSize,
        Integer partitions,
        String backend,
        String device,
        String dtype,
        String weights,
        int workers) {

    enum Format {
        PARQUET,
        JSONL;

        static Format of(String path, String option) {
            String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            if (name.endsWith(".parquet")) {
                return PARQUET;
            }
            if (name.endsWith(".jsonl")) {
                return JSONL;
            }
            throw new IllegalArgumentException(option + " " + path + ": expected a .parquet or .jsonl path");
        }
    }
}
