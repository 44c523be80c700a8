package io.github.lxt4j.cli;

import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ResultFields;
import io.github.lxt4j.viz.TokenScheme;

/**
 * The JSON Lines mode for T5 (and mT5): explains each {@link SourceLine} on its own, because {@link T5Explainer}
 * batches only sources and prefixes of equal lengths; with one worker it writes each result line before reading the
 * next, with more the lines are explained in parallel and written in input order. A bad
 * line stops the run after the lines before it are written.
 */
final class Seq2SeqJsonlStream {
    private final Progress progress;

    Seq2SeqJsonlStream(Progress progress) {
        this.progress = progress;
    }

    void stream(
            T5Explainer t5, Method method, TokenScheme scheme, ExplainWorkers workers, PromptReader in, JsonlSink out) {
        long vocab = t5.model().vocabSize();
        long maxSource = t5.model().maxSourceLength();
        JsonlBatches.stream(
                in,
                1,
                workers,
                raw -> {
                    SourceLine line = SourceLine.of(raw);
                    checkLength(line, maxSource);
                    return new Pending(line, line.resolveTarget(t5.tokenizer(), vocab));
                },
                batch -> explain(t5, method, scheme, batch.get(0)),
                line -> {
                    out.write(line);
                    progress.stepTo(out.lines());
                });
    }

    /** A source line read and checked, with its target resolved. */
    private record Pending(SourceLine line, Target target) {}

    private static String explain(T5Explainer t5, Method method, TokenScheme scheme, Pending p) {
        SourceLine line = p.line();
        try (TensorScope scope = TensorScope.open()) {
            Seq2SeqExplanation e = JsonlExplainMode.finite(
                    line.where(), () -> t5.explain(line.source(), line.targetPrefix(), p.target(), method));
            return ResultLine.of(line, ResultFields.Seq2Seq.of(e, t5.tokenizer(), scheme));
        } catch (SequenceTooLongException e) {
            throw new JsonlException(line.where() + ": " + e.getMessage(), e);
        }
    }

    /** Refuses, before tokenization, a source or prefix too long for the positions (the model checks the tokens). */
    private static void checkLength(SourceLine line, long maxPositions) {
        for (String text : new String[] {line.source(), line.targetPrefix()}) {
            String tooLong = PromptLength.tooLong(text, maxPositions);
            if (tooLong != null) {
                throw new JsonlException(line.where() + ": " + tooLong);
            }
        }
    }
}
