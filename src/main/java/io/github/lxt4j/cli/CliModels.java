package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.models.LoadOptions;
import java.nio.file.Path;

/** How the CLI's explaining modes load a model: the library's {@link Explainers#load}, plus {@code --checkpoint}. */
final class CliModels {
    private CliModels() {
    }

    /** With per-layer activation checkpointing for decoder LMs when {@code checkpoint}; refused for the others. */
    static BatchExplainable load(Path dir, LoadOptions options, boolean checkpoint) {
        BatchExplainable ex = Explainers.load(dir, options);
        if (!checkpoint) {
            return ex;
        }
        try {
            ex.accept(new ModeDispatch<Void>(() -> new IllegalArgumentException("--checkpoint (per-layer activation"
                    + " checkpointing) is implemented for decoder LMs only, not for " + dir)) {
                @Override
                public Void visitCausalLm(CausalLmExplainer lm) {
                    lm.checkpointLayers(true);
                    return null;
                }
            });
            return ex;
        } catch (RuntimeException e) {
            ex.close();
            throw e;
        }
    }
}
