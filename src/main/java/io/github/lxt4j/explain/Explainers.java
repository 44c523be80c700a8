package io.github.lxt4j.explain;

import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.TokenizerException;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.CausalLm;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.ImageClassifier;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelVisitor;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.Seq2SeqLm;
import io.github.lxt4j.models.TextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns any loaded model into its family's explainer, through a {@link ModelVisitor} (no {@code instanceof}).
 *
 * <pre>{@code
 * try (BatchExplainable ex = Explainers.load(dir, LoadOptions.defaults())) {
 *     Map<String, TensorData> out = ex.explainBatch(inputs, Method.ATTNLRP, BatchOptions.defaults());
 * }
 * }</pre>
 *
 * Use {@link BatchExplainable#accept(ExplainerVisitor)} to reach the family's own API.
 */
public final class Explainers {
    private Explainers() {}

    /**
     * The explainer of {@code model}; it owns (and closes) the model and the tokenizer.
     *
     * @param tokenizer may be null: then only ids can be explained
     */
    public static BatchExplainable of(PretrainedModel model, HfTokenizer tokenizer) {
        return model.accept(new ModelVisitor<BatchExplainable>() {
            @Override
            public BatchExplainable visitCausalLm(CausalLm m) {
                return new CausalLmExplainer(m, tokenizer);
            }

            @Override
            public BatchExplainable visitSeq2Seq(Seq2SeqLm m) {
                return new T5Explainer(m, tokenizer);
            }

            @Override
            public BatchExplainable visitDualEncoder(DualEncoder m) {
                return new ClipExplainer(m, tokenizer);
            }

            @Override
            public BatchExplainable visitTextClassifier(TextClassifier m) {
                return new ClassifierExplainer(m, tokenizer);
            }

            @Override
            public BatchExplainable visitImageClassifier(ImageClassifier m) {
                if (tokenizer != null) {
                    tokenizer.close();
                }
                return new ImageClassifierExplainer(m);
            }
        });
    }

    /**
     * Loads the model folder {@code dir} with {@link AutoModel} and its {@code tokenizer.json} when it has one, and
     * returns the family's explainer (which owns both).
     */
    public static BatchExplainable load(Path dir, LoadOptions options) {
        return load(dir, options, null);
    }

    /**
     * Like {@link #load(Path, LoadOptions)}, with the tokenizer read from {@code tokenizerJson} (a
     * {@code tokenizer.json} file, or a folder that holds one) instead of the model folder: for checkpoints that ship
     * without one, such as the project's small test models.
     *
     * @param tokenizerJson null for the model folder's {@code tokenizer.json}, if it has one
     * @throws TokenizerException naming the file if it is missing or cannot be loaded
     */
    public static BatchExplainable load(Path dir, LoadOptions options, Path tokenizerJson) {
        HfTokenizer tokenizer = tokenizerJson != null
                ? HfTokenizer.open(tokenizerJson)
                : Files.isRegularFile(dir.resolve("tokenizer.json")) ? HfTokenizer.open(dir) : null;
        try {
            return of(AutoModel.fromPretrained(dir, options), tokenizer);
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw e;
        }
    }
}
