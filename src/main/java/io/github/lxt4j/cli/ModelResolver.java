package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.HfHubCache;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns {@code --model} into a folder: a local HF/OpenCLIP folder, or a hub id found in the local HF cache. */
final class ModelResolver {
    private ModelResolver() {
    }

    static Path resolve(String model) {
        if (model == null) {
            return DemoModel.folder();
        }
        Path p = Path.of(model);
        if (Files.isDirectory(p)) {
            return p;
        }
        if (HfHubCache.looksLikeHubId(model)) {
            return HfHubCache.fromEnvironment().resolve(model);
        }
        throw new Lxt4jException("--model '" + model + "' is neither a folder nor a hub id (ORG/NAME) in the local"
                + " Hugging Face cache");
    }
}
