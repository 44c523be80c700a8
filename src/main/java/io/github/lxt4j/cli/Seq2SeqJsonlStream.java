package io.github.lxt4j.cli;

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
 * batches only sources and prefixes of equal lengths, and writes its result line before reading the next. A bad
 * line stops the run after the lines before it are written.
 */
final class Seq2SeqJsonlStream {
    private final Progress progress;

    Seq2SeqJsonlStream(Progress progress) {
        this.progress = progress;
    }

    void stream(T5Explainer t5, Method method, TokenScheme scheme, PromptReader in, JsonlSink out) {
        long vocab = t5.model().vocabSize();
        for (JsonLine raw = in.next(); raw != null; raw = in.next()) {
            SourceLine line = SourceLine.of(raw);
            checkLength(line, t5.model().maxSourceLength());
            Target target = line.resolveTarget(t5.tokenizer(), vocab);
            try (TensorScope scope = TensorScope.open()) {
                Seq2SeqExplanation e = JsonlExplainMode.finite(
                        line.where(), () -> t5.explain(line.source(), line.targetPrefix(), target, method));
                out.write(ResultLine.of(line, ResultFields.Seq2Seq.of(e, t5.tokenizer(), scheme)));
            } catch (SequenceTooLongException e) {
                throw new JsonlException(line.where() + ": " + e.getMessage(), e);
            }
            progress.stepTo(out.lines());
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
