package io.github.lxt4j.cli;

import io.github.lxt4j.models.AutoModel;
import java.nio.file.Path;

/** Turns {@code --model} into a folder: the demo model when absent, else as {@link AutoModel#locate} resolves it. */
final class ModelResolver {
    private ModelResolver() {}

    static Path resolve(String model) {
        return model == null ? DemoModel.folder() : AutoModel.locate(model);
    }
}
