package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.UnsupportedModelException;
import java.nio.file.Path;

/** How the CLI's explaining modes load a model: the library's {@link Explainers#load}, plus {@code --checkpoint}. */
final class CliModels {
    private CliModels() {}

    /**
     * With per-layer activation checkpointing for decoder LMs when {@code checkpoint}; refused for the others.
     *
     * @param tokenizer {@code --tokenizer}, or null for the model folder's
     */
    static BatchExplainable load(Path dir, LoadOptions options, Path tokenizer, boolean checkpoint) {
        BatchExplainable ex = Explainers.load(dir, options, tokenizer);
        if (!checkpoint) {
            return ex;
        }
        try {
            ex.accept(
                    new ModeDispatch<Void>(() -> new IllegalArgumentException("--checkpoint (per-layer activation"
                            + " checkpointing) is implemented for decoder LMs and classifiers only, not for " + dir)) {
                        @Override
                        public Void visitCausalLm(CausalLmExplainer lm) {
                            lm.checkpointLayers(true);
                            return null;
                        }

                        @Override
                        public Void visitTextClassifier(ClassifierExplainer classifier) {
                            classifier.checkpointLayers(true);
                            return null;
                        }

                        @Override
                        public Void visitImageClassifier(ImageClassifierExplainer classifier) {
                            classifier.checkpointLayers(true);
                            return null;
                        }
                    });
            return ex;
        } catch (RuntimeException e) {
            ex.close();
            throw e;
        }
    }

    /**
     * The decoder LM of {@code dir}; any other family is refused with {@code refusal} (a sentence naming what the
     * command supports), as an {@link UnsupportedModelException} that also names the folder.
     */
    static CausalLmExplainer causalLm(Path dir, LoadOptions options, Path tokenizer, String refusal) {
        BatchExplainable ex = Explainers.load(dir, options, tokenizer);
        try {
            return ex.accept(
                    new ModeDispatch<CausalLmExplainer>(
                            () -> new UnsupportedModelException(refusal + "; " + dir + " holds another family")) {
                        @Override
                        public CausalLmExplainer visitCausalLm(CausalLmExplainer lm) {
                            return lm;
                        }
                    });
        } catch (RuntimeException e) {
            ex.close();
            throw e;
        }
    }
}
