package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.NonFiniteResultException;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ResultFields;
import io.github.lxt4j.viz.TokenScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines mode for text classifiers: each line's {@code prompt} is classified and explained, its optional
 * {@code target} a label name or class index (default: the predicted label). A sequence classifier's lines go in
 * right-padded batches of {@code --batch-size}; a token classifier's one at a time, every token explained. A bad line
 * stops the run after the lines before it are written.
 */
final class ClassifierJsonlStream {
    private final Progress progress;

    ClassifierJsonlStream(Progress progress) {
        this.progress = progress;
    }

    void stream(
            ClassifierExplainer ex,
            Method method,
            TokenScheme scheme,
            int batchSize,
            ExplainWorkers workers,
            PromptReader in,
            JsonlSink out) {
        boolean tokens = ex.model().task() == TextClassifier.Task.TOKEN;
        JsonlBatches.stream(
                in,
                tokens ? 1 : batchSize,
                workers,
                line -> prepare(ex, PromptLine.of(line)),
                batch -> explain(ex, method, scheme, batch),
                lines -> {
                    lines.writeTo(out);
                    progress.stepTo(out.lines());
                });
    }

    private static PendingLine prepare(ClassifierExplainer ex, PromptLine line) {
        long max = ex.model().maxPositions();
        String tooLong = PromptLength.tooLong(line.prompt(), max);
        if (tooLong != null) {
            throw new JsonlException(line.where() + ": " + tooLong);
        }
        long[] ids = ex.tokenizer().encode(line.prompt()).ids();
        if (ids.length > max) {
            throw new JsonlException(
                    line.where() + ": the text is " + ids.length + " tokens, more than the model's " + max);
        }
        return new PendingLine(line, ids, target(ex, line));
    }

    /** The predicted label, or the line's {@code target}: a label name or a class index. */
    private static Target target(ClassifierExplainer ex, PromptLine line) {
        JsonNode t = line.target();
        if (t == null) {
            return Target.argmax();
        }
        try {
            return Target.token(ex.label(t.isTextual() ? t.textValue() : t.asText()));
        } catch (InvalidInputException e) {
            throw new JsonlException(line.where() + ": target " + t + ": " + e.getMessage(), e);
        }
    }

    /** Explains {@code batch} in a scope of its own and makes its result lines (on a worker). */
    private static BatchLines explain(
            ClassifierExplainer ex, Method method, TokenScheme scheme, List<PendingLine> batch) {
        long[][] ids = PendingLine.ids(batch);
        List<Target> targets = PendingLine.targets(batch);
        try (TensorScope scope = TensorScope.open()) {
            List<ClassifierExplanation> explained;
            try {
                explained = ex.model().task() == TextClassifier.Task.TOKEN
                        ? ex.explainRagged(ids, targets.get(0), method)
                        : ex.explainRagged(ids, Target.eachRow(targets), method);
            } catch (NonFiniteResultException e) {
                throw new JsonlException(
                        batch.get(Math.max(0, Math.min(e.row(), batch.size() - 1)))
                                        .line()
                                        .where() + ": " + e.getMessage(),
                        e);
            }
            List<String> lines = new ArrayList<>();
            if (ex.model().task() == TextClassifier.Task.TOKEN) {
                List<ResultFields.Classifier> rows = new ArrayList<>();
                for (ClassifierExplanation e : explained) {
                    rows.add(ResultFields.Classifier.of(e, scheme));
                }
                lines.add(ResultLine.ofTokens(batch.get(0).line(), rows));
            } else {
                for (int i = 0; i < ids.length; i++) {
                    lines.add(ResultLine.of(batch.get(i).line(), ResultFields.Classifier.of(explained.get(i), scheme)));
                }
            }
            return BatchLines.of(lines);
        }
    }
}
