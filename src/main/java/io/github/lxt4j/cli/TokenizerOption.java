package io.github.lxt4j.cli;

import io.github.lxt4j.io.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --tokenizer FILE}: a {@code tokenizer.json} for a model folder that has none (or to replace its own). */
final class TokenizerOption {

    @Option(
            names = "--tokenizer",
            paramLabel = "FILE",
            description = "The tokenizer.json to encode text with"
                    + " (default: the one in the model folder), for models that ship none, such as the test models.")
    Path file;

    /** The given file, checked to exist before a model loads; null when not given. */
    Path file() {
        if (file == null) {
            return null;
        }
        Path json = Files.isDirectory(file) ? file.resolve("tokenizer.json") : file;
        if (!Files.exists(json)) {
            throw new TokenizerException("--tokenizer " + file + ": no such file (expected a tokenizer.json)");
        }
        if (!Files.isRegularFile(json)) {
            throw new TokenizerException("--tokenizer " + file + ": not a regular file (a device, FIFO or socket;"
                    + " expected a tokenizer.json)");
        }
        return file;
    }
}
