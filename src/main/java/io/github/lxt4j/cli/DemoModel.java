package io.github.lxt4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded demo model: the kv-retrieval checkpoint (a 3-layer LLaMA trained on six-fact key-value prompts),
 * shipped as a jar resource with its 300-prompt {@code eval.jsonl} and extracted once to a temporary folder, since
 * checkpoints are memory-mapped.
 */
public final class DemoModel {

    /** Six facts, then the question: the prompts the model was trained on. */
    public static final String DEFAULT_PROMPT = "alice likes red . bob likes blue . carol likes gold . "
            + "dave likes figs . erin likes pink . frank likes plums . so dave likes";

    private static final String[] FILES = {
        "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "eval.jsonl"
    };
    private static Path extracted;

    private DemoModel() {}

    /** How messages name the demo model: never by its temporary folder, which is gone when the JVM exits. */
    public static final String NAME = "the embedded demo model";

    /** {@code text} with the demo model's temporary folder named {@link #NAME} (its files: "NAME's tokenizer.json"). */
    public static synchronized String describe(String text) {
        if (extracted == null || text == null) {
            return text;
        }
        String dir = extracted.toString();
        return text.replace(dir + extracted.getFileSystem().getSeparator(), NAME + "'s ")
                .replace(dir, NAME);
    }

    public static synchronized Path folder() {
        if (extracted != null && Files.isRegularFile(extracted.resolve("model.safetensors"))) {
            return extracted;
        }
        try {
            Path dir = Files.createTempDirectory("lxt4j-demo");
            // deleteOnExit runs in reverse order of registration: the folder last, once its files are gone
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                try (InputStream in = DemoModel.class.getResourceAsStream("/io/github/lxt4j/demo/kv-retrieval/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("demo model resource " + f + " is missing from the jar");
                    }
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                dir.resolve(f).toFile().deleteOnExit();
            }
            extracted = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the demo model", e);
        }
    }
}
