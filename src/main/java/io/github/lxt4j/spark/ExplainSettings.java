package io.github.lxt4j.spark;

import io.github.lxt4j.explain.Method;
import java.io.Serializable;

/**
 * Everything a task needs to explain its partition: where the model is, how to load it, how to explain, and which
 * input columns to read. Shipped to the executors with each task.
 *
 * @param textColumn         the prompt (decoder LMs) or source (T5) column
 * @param targetColumn       optional target column: a token string, or an integral token id
 * @param targetIdColumn     optional integral target id column
 * @param targetPrefixColumn optional T5 decoder prefix column
 * @param workers            batches of a partition explained at a time, on the executor's one model
 */
record ExplainSettings(
        ModelLocation model,
        boolean seq2seq,
        String backend,
        String device,
        String dtype,
        String weights,
        Method method,
        int batchSize,
        String textColumn,
        String targetColumn,
        String targetIdColumn,
        String targetPrefixColumn,
        int workers)
        implements Serializable {

    ModelKey key() {
        return new ModelKey(model.resolve().toAbsolutePath().normalize().toString(), backend, device, dtype, weights);
    }
}
