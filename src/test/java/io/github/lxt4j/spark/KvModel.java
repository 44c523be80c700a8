package io.github.lxt4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kv-retrieval fixture model (a 3-layer LLaMA, vocabulary 51, 128 positions) and its eval prompts. */
final class KvModel {
    static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"};

    private KvModel() {}

    static Path dir() {
        return Fixtures.dir("kv-retrieval");
    }

    /** The first {@code n} prompts of the fixture's eval set. */
    static List<String> prompts(int n) {
        ObjectMapper json = new ObjectMapper();
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("eval.jsonl"))) {
                if (out.size() == n) {
                    break;
                }
                out.add(json.readTree(line).get("prompt").textValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the model folder in {@code parent}/{@code name}: a path that no other test has loaded. */
    static Path copy(Path parent, String name) {
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                Files.copy(dir().resolve(f), dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
