package io.github.lxt4j.eval;

import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.models.TextClassifier;
import java.util.Arrays;

/**
 * {@link TargetScorer} of a sequence classifier: plain forward passes (nothing recorded) of at most {@code maxRows}
 * rows, reading one class's logit and its probability (softmax over the classes; a sigmoid for multi-label heads).
 */
public final class ClassifierScorer implements TargetScorer {

    private final ClassifierExplainer explainer;
    private final int maxRows;

    public ClassifierScorer(ClassifierExplainer explainer, int maxRows) {
        if (maxRows < 1) {
            throw new EvalInputException("rows per forward pass must be >= 1, got " + maxRows);
        }
        if (explainer.model().task() != TextClassifier.Task.SEQUENCE) {
            throw new EvalInputException("perturbation curves follow one class of a sequence classifier; a token"
                    + " classifier has one per token");
        }
        this.explainer = explainer;
        this.maxRows = maxRows;
    }

    @Override
    public Scores score(long[][] rows, long target) {
        int classes = explainer.model().labels().size();
        if (target < 0 || target >= classes) {
            throw new EvalInputException("class " + target + " is outside the model's " + classes + " classes");
        }
        double[] logits = new double[rows.length];
        double[] probs = new double[rows.length];
        for (int start = 0; start < rows.length; start += maxRows) {
            long[][] chunk = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + maxRows));
            double[][] out = Tape.noRecord(() -> explainer.logits(chunk, null, null));
            for (int i = 0; i < out.length; i++) {
                logits[start + i] = out[i][(int) target];
                probs[start + i] = explainer.model().labels().probabilities(out[i])[(int) target];
            }
        }
        return new Scores(logits, probs);
    }
}
