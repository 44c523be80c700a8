package io.github.lxt4j.spark;

import io.github.lxt4j.models.ModelLoadException;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/** The task of one partition: gets this JVM's model and explains the partition's rows in order, a batch at a time. */
final class PartitionExplainer implements MapPartitionsFunction<Row, Row> {
    private final ExplainSettings settings;
    private final InputColumns columns;
    private final LongAccumulator explained;
    private final LongAccumulator failed;

    PartitionExplainer(
            ExplainSettings settings, InputColumns columns, LongAccumulator explained, LongAccumulator failed) {
        this.settings = settings;
        this.columns = columns;
        this.explained = explained;
        this.failed = failed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator();
        }
        ModelKey key = settings.key();
        ExecutorModel model = ExecutorModels.get(key);
        if (settings.seq2seq() != (model instanceof ExecutorModel.Seq2Seq)) {
            throw new ModelLoadException(key.folder() + " holds " + (settings.seq2seq() ? "a decoder LM" : "a T5 model")
                    + ", but the explainer was made with SparkExplainer." + (settings.seq2seq() ? "t5" : "decoder")
                    + "(...)");
        }
        return new ExplainingIterator(rows, model, settings, columns, new RowCounts(explained, failed));
    }

    /** The job's counts, added to as rows are done. */
    record RowCounts(LongAccumulator explained, LongAccumulator failed) {}
}
