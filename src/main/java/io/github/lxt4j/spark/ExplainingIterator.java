package io.github.lxt4j.spark;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ResultFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The rows of one partition, explained lazily in input order: a decoder LM reads rows until it has
 * {@code batchSize} good ones (bad rows get their error on the way), explains them in one left-padded batch in a
 * {@link TensorScope} of its own, and hands the rows out; T5 rows go one at a time, as in the JSON Lines mode. With
 * {@link ExplainSettings#workers()} above 1, batches are read ahead and explained that many at a time on the
 * executor's one model; the rows still come out in input order.
 */
final class ExplainingIterator implements Iterator<Row> {
    private final Iterator<Row> in;
    private final ExecutorModel model;
    private final ExplainSettings settings;
    private final InputColumns columns;
    private final RowInput input;
    private final PartitionExplainer.RowCounts counts;
    private final Deque<Row> ready = new ArrayDeque<>();
    private ExplainWorkers workers;
    private ExplainWorkers.Ordered<List<Done>> ordered;

    ExplainingIterator(
            Iterator<Row> in,
            ExecutorModel model,
            ExplainSettings settings,
            InputColumns columns,
            PartitionExplainer.RowCounts counts) {
        this.in = in;
        this.model = model;
        this.settings = settings;
        this.columns = columns;
        this.input = new RowInput(columns);
        this.counts = counts;
    }

    /** One row of a batch: tokenized with its target resolved, or with the reason it cannot be explained. */
    private record Slot(Row row, long[] ids, Target target, String error) {}

    /** An output row, explained or failed. */
    private record Done(Row row, boolean explained) {}

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && in.hasNext()) {
            if (ordered == null) {
                start();
            }
            if (model instanceof ExecutorModel.Decoder d) {
                nextBatch(d.explainer());
            } else if (model instanceof ExecutorModel.Classifier c) {
                nextClassifierBatch(c.explainer());
            } else {
                nextSeq2Seq(((ExecutorModel.Seq2Seq) model).explainer());
            }
        }
        if (ready.isEmpty() && ordered != null) {
            ordered.finish();
            if (ready.isEmpty()) {
                stop();
            }
        }
        return !ready.isEmpty();
    }

    /**
     * Starts the partition's workers ({@link ExplainSettings#workers()}, sharing this task thread's intra-op threads);
     * they stop when the partition is done, or with the task.
     */
    private void start() {
        workers = settings.workers() == 1
                ? ExplainWorkers.sequential()
                : ExplainWorkers.start(
                        model.backend(), settings.workers(), model.backend().threads(), "workers");
        ordered = workers.ordered(done -> {
            for (Done d : done) {
                ready.add(d.row());
                (d.explained() ? counts.explained() : counts.failed()).add(1);
            }
        });
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> stop());
        }
    }

    /** Waits for the batches still running and stops the workers. */
    private void stop() {
        if (ordered != null) {
            try {
                ordered.close();
            } finally {
                workers.close();
            }
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in this partition");
        }
        return ready.poll();
    }

    private void nextBatch(CausalLmExplainer lm) {
        explainBatch(
                row -> prepare(lm, row),
                (ids, target) -> lm.explainAll(ids, target, settings.method()),
                e -> ResultColumns.of(ResultFields.Decoder.of(e, lm.tokenizer(), model.scheme())));
    }

    /**
     * Reads rows until {@code batchSize} of them are good, explains the good ones in one batch with a target per row,
     * and hands every row out in input order: its {@code columns} or its error.
     */
    private <E> void explainBatch(
            Function<Row, Slot> prepare, BiFunction<long[][], Target, List<E>> explain, Function<E, Object[]> columns) {
        List<Slot> slots = new ArrayList<>();
        List<Slot> good = new ArrayList<>();
        while (in.hasNext() && good.size() < settings.batchSize()) {
            Slot slot = prepare.apply(in.next());
            slots.add(slot);
            if (slot.error() == null) {
                good.add(slot);
            }
        }
        ordered.submit(() -> explained(slots, good, explain, columns));
    }

    /** Explains the good slots in one batch (on a worker) and makes every slot's output row, in order. */
    private <E> List<Done> explained(
            List<Slot> slots,
            List<Slot> good,
            BiFunction<long[][], Target, List<E>> explain,
            Function<E, Object[]> columns) {
        List<E> explained = List.of();
        List<Done> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            if (!good.isEmpty()) {
                long[][] ids = new long[good.size()][];
                List<Target> targets = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = good.get(i).ids();
                    targets.add(good.get(i).target());
                }
                explained = explain.apply(ids, Target.eachRow(targets));
            }
            int next = 0;
            for (Slot slot : slots) {
                out.add(
                        slot.error() != null
                                ? failed(slot.row(), slot.error())
                                : emitted(slot.row(), columns.apply(explained.get(next++))));
            }
        }
        return out;
    }

    private Slot prepare(CausalLmExplainer lm, Row row) {
        String earlier = input.earlierError(row);
        if (earlier != null) {
            return new Slot(row, null, null, earlier);
        }
        try {
            long[] ids = lm.tokenizer().encode(input.text(row)).ids();
            long max = lm.model().maxPositions();
            if (ids.length > max) {
                throw new BadRowException("the prompt is " + ids.length + " tokens, more than the model's"
                        + " max_position_embeddings = " + max);
            }
            return new Slot(
                    row, ids, input.target(row, lm.tokenizer(), lm.model().vocabSize()), null);
        } catch (BadRowException bad) {
            return new Slot(row, null, null, bad.getMessage());
        }
    }

    /**
     * A sequence classifier's batch, right-padded as the JSON Lines mode pads it; the result goes into the decoder
     * columns with the class index as the target id and its label as the target token.
     */
    private void nextClassifierBatch(ClassifierExplainer classifier) {
        explainBatch(
                row -> prepare(classifier, row),
                (ids, target) -> classifier.explainRagged(ids, target, settings.method()),
                this::classifierColumns);
    }

    /** The decoder columns of a classifier's explanation: the class index and label stand as the target token. */
    private Object[] classifierColumns(ClassifierExplanation e) {
        ResultFields.Classifier r = ResultFields.Classifier.of(e, model.scheme());
        return ResultColumns.of(new ResultFields.Decoder(
                r.method(),
                r.tokens(),
                r.text(),
                r.ids(),
                r.relevance(),
                r.targetIds()[0],
                r.targetLabel(),
                r.targetValue(),
                r.totalRelevance()));
    }

    private Slot prepare(ClassifierExplainer classifier, Row row) {
        String earlier = input.earlierError(row);
        if (earlier != null) {
            return new Slot(row, null, null, earlier);
        }
        try {
            long[] ids = classifier.tokenizer().encode(input.text(row)).ids();
            long max = classifier.model().maxPositions();
            if (ids.length > max) {
                throw new BadRowException("the text is " + ids.length + " tokens, more than the model's " + max);
            }
            return new Slot(row, ids, input.classTarget(row, classifier), null);
        } catch (BadRowException bad) {
            return new Slot(row, null, null, bad.getMessage());
        }
    }

    private void nextSeq2Seq(T5Explainer t5) {
        Row row = in.next();
        String earlier = input.earlierError(row);
        if (earlier != null) {
            ordered.submit(() -> List.of(failed(row, earlier)));
            return;
        }
        ordered.submit(() -> List.of(seq2seq(t5, row)));
    }

    private Done seq2seq(T5Explainer t5, Row row) {
        try (TensorScope scope = TensorScope.open()) {
            Target target = input.target(row, t5.tokenizer(), t5.model().vocabSize());
            Seq2SeqExplanation e = t5.explain(input.text(row), input.targetPrefix(row), target, settings.method());
            return emitted(row, ResultColumns.of(ResultFields.Seq2Seq.of(e, t5.tokenizer(), model.scheme())));
        } catch (Lxt4jException bad) {
            return failed(row, bad.getMessage());
        }
    }

    private Done emitted(Row row, Object[] results) {
        return new Done(new GenericRowWithSchema(join(row, results), columns.output()), true);
    }

    private Done failed(Row row, String error) {
        return new Done(
                new GenericRowWithSchema(
                        join(
                                row,
                                ResultColumns.failed(
                                        settings.seq2seq(), settings.method().cliName(), error)),
                        columns.output()),
                false);
    }

    private Object[] join(Row row, Object[] results) {
        int[] kept = columns.kept();
        Object[] out = new Object[kept.length + results.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = row.get(kept[i]);
        }
        System.arraycopy(results, 0, out, kept.length, results.length);
        return out;
    }
}
