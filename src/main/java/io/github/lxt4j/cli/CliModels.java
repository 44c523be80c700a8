package io.github.lxt4j.cli;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.UnsupportedModelException;
import java.nio.file.Path;

/**
 * How the CLI's explaining modes load a model: the library's {@link Explainers#load}, plus {@code --checkpoint} and
 * {@code --memory-budget}.
 */
final class CliModels {
    private CliModels() {}

    /**
     * With the memory budget {@code budget} for decoder LMs (0: per-layer activation checkpointing, which classifiers
     * also take); a budget other than the automatic one is refused for the other families.
     *
     * @param tokenizer {@code --tokenizer}, or null for the model folder's
     */
    static BatchExplainable load(Path dir, LoadOptions options, Path tokenizer, MemoryBudget budget) {
        BatchExplainable ex = Explainers.load(dir, options, tokenizer);
        if (budget.isAuto()) {
            return ex;
        }
        boolean checkpoint = budget.recomputesAll();
        try {
            ex.accept(
                    new ModeDispatch<Void>(() -> new IllegalArgumentException(
                            refusal(checkpoint, dir, "decoder LMs and" + " classifiers"))) {
                        @Override
                        public Void visitCausalLm(CausalLmExplainer lm) {
                            lm.memoryBudget(budget);
                            return null;
                        }

                        @Override
                        public Void visitTextClassifier(ClassifierExplainer classifier) {
                            if (!checkpoint) {
                                throw new IllegalArgumentException(refusal(false, dir, "decoder LMs"));
                            }
                            classifier.checkpointLayers(true);
                            return null;
                        }

                        @Override
                        public Void visitImageClassifier(ImageClassifierExplainer classifier) {
                            if (!checkpoint) {
                                throw new IllegalArgumentException(refusal(false, dir, "decoder LMs"));
                            }
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

    private static String refusal(boolean checkpoint, Path dir, String families) {
        return (checkpoint
                        ? "--checkpoint (per-layer activation checkpointing)"
                        : "--memory-budget (classifiers take --checkpoint)")
                + " is implemented for " + families + " only, not for " + dir;
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
