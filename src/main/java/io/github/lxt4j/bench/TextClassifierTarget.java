package io.github.lxt4j.bench;

import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.models.TextClassifier;

/**
 * A text classifier of any family on {@code batch × seq} random ids: forward = its logits, explain = the relevance of
 * each row's predicted label (a token classifier: of one position per row, the last), as {@link ClassifierExplainer}
 * computes it.
 */
final class TextClassifierTarget implements BenchTarget {

    private final TextClassifier model;
    private final ClassifierExplainer explainer;
    private final long[][] ids;
    private final Method method;

    TextClassifierTarget(TextClassifier model, BenchSpec s, Method method) {
        this.model = model;
        this.method = method;
        this.explainer = new ClassifierExplainer(model, null).checkpointLayers(s.checkpoint());
        int seq = s.seqOrDefault();
        if (seq > model.maxPositions()) {
            throw new BenchOptionException("--seq " + seq + " exceeds the model's " + model.maxPositions()
                    + " positions (" + s.config() + ")");
        }
        this.ids = RandomInputs.ids(s.seed(), s.batch(), seq, model.vocabSize());
    }

    @Override
    public int layers() {
        return model.numLayers();
    }

    @Override
    public String architecture() {
        return model.numLayers() + " encoder layers, " + model.labels().size() + " labels ("
                + (model.task() == TextClassifier.Task.TOKEN ? "token" : "sequence") + " classification)";
    }

    @Override
    public String input() {
        return String.format("batch %d × seq %d", ids.length, ids[0].length);
    }

    @Override
    public Integer seq() {
        return ids[0].length;
    }

    @Override
    public void forward() {
        explainer.logits(ids, null, null);
    }

    @Override
    public void explain() {
        if (model.task() == TextClassifier.Task.TOKEN) {
            int last = ids[0].length - 1;
            for (int b = 0; b < ids.length; b++) {
                explainer.explainPositions(ids, null, null, b, new int[] {last}, Target.argmax(), method, false);
            }
            return;
        }
        explainer.explainIds(ids, null, null, Target.argmax(), method, false);
    }

    @Override
    public double forwardFlops() {
        return model.flops(ids.length, ids[0].length).forward();
    }

    @Override
    public double relevanceFlops() {
        return model.flops(ids.length, ids[0].length).relevance();
    }

    @Override
    public void close() {
        explainer.close();
    }
}
