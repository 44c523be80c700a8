package io.github.lxt4j.spark;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.ExplainerVisitor;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.TextClassifier;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.viz.TokenScheme;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM (a Spark executor, or the driver in local mode): each {@link ModelKey} is loaded once, on
 * first use, and then shared by every task of the JVM until it exits. A load that fails is not kept, so the next task
 * tries again (and fails the same way on a model that cannot load).
 */
public final class ExecutorModels {
    private static final ConcurrentHashMap<ModelKey, Slot> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /** How many models this JVM has loaded so far. */
    public static int loadCount() {
        return LOADS.get();
    }

    static ExecutorModel get(ModelKey key) {
        return MODELS.computeIfAbsent(key, k -> new Slot()).get(key);
    }

    /** Loads its model once; tasks that ask while it loads wait for it. */
    private static final class Slot {
        private ExecutorModel model;

        synchronized ExecutorModel get(ModelKey key) {
            if (model == null) {
                model = load(key);
                LOADS.incrementAndGet();
            }
            return model;
        }
    }

    private static ExecutorModel load(ModelKey key) {
        Path dir = Path.of(key.folder());
        LoadOptions options = LoadOptions.of(
                        Backends.byName(key.backend(), Device.parse(key.device())), DType.parse(key.dtype()))
                .withWeights(WeightFormat.parse(key.weights()));
        BatchExplainable explainer = Explainers.load(dir, options);
        try {
            return explainer.accept(new ExplainerVisitor<ExecutorModel>() {
                @Override
                public ExecutorModel visitCausalLm(CausalLmExplainer lm) {
                    return new ExecutorModel.Decoder(lm, scheme(lm.tokenizer(), dir));
                }

                @Override
                public ExecutorModel visitSeq2Seq(T5Explainer t5) {
                    return new ExecutorModel.Seq2Seq(t5, scheme(t5.tokenizer(), dir));
                }

                @Override
                public ExecutorModel visitClip(ClipExplainer clip) {
                    throw new UnsupportedModelException(dir + " holds a CLIP model: the Spark integration explains"
                            + " decoder LMs, T5 and text classifiers");
                }

                @Override
                public ExecutorModel visitTextClassifier(ClassifierExplainer classifier) {
                    if (classifier.model().task() != TextClassifier.Task.SEQUENCE) {
                        throw new UnsupportedModelException(dir + " holds a token classifier: the Spark integration"
                                + " explains sequence classifiers (one label per row)");
                    }
                    return new ExecutorModel.Classifier(classifier, scheme(classifier.tokenizer(), dir));
                }

                @Override
                public ExecutorModel visitImageClassifier(ImageClassifierExplainer vit) {
                    throw new UnsupportedModelException(dir + " holds an image classifier: the Spark integration"
                            + " explains text rows (decoder LMs, T5 and text classifiers)");
                }
            });
        } catch (RuntimeException e) {
            explainer.close();
            throw e;
        }
    }

    private static TokenScheme scheme(HfTokenizer tokenizer, Path dir) {
        if (tokenizer == null) {
            throw new ModelLoadException(
                    "explaining prompts needs the model's tokenizer.json, which " + dir + " lacks");
        }
        return TokenScheme.of(tokenizer.tokenizerFile());
    }
}
