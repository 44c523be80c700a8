package io.github.lxt4j.cli;

import io.github.lxt4j.io.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --tokenizer FILE}: a {@code tokenizer.json} for a model folder that has none (or to replace its own). */
final class TokenizerOption {

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "The tokenizer.json to encode text with"
            + " (default: the one in the model folder), for models that ship none, such as the test models.")
    Path file;

    /** The given file, checked to exist before a model loads; null when not given. */
    Path file() {
        if (file != null && !Files.isRegularFile(file)
                && !(Files.isDirectory(file) && Files.isRegularFile(file.resolve("tokenizer.json")))) {
            throw new TokenizerException("--tokenizer " + file + ": no such file (expected a tokenizer.json)");
        }
        return file;
    }
}
