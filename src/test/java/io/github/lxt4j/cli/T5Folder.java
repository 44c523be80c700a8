package io.github.lxt4j.cli;

import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny random gated T5 fixture with a word-level tokenizer.json, so that it can be given text. Like real T5
 * checkpoints, the model's vocabulary (320) reaches past the tokenizer's (21 ids).
 */
final class T5Folder {
    static final long VOCAB = 320;
    static final String[] WORDS = {
        "the", "cat", "sat", "on", "mat", "dog", "ran", "to", "a", "park", "big", "red", "blue", "green", "house", "is",
        "in", "small"
    };

    private T5Folder() {}

    /** Writes the folder under {@code parent}; {@code modelType} is {@code t5} or {@code mt5}. */
    static Path write(Path parent, String modelType) {
        Path dir = parent.resolve(modelType);
        Path fixture = Fixtures.dir("t5-gated");
        try {
            Files.createDirectories(dir);
            Files.copy(fixture.resolve("model.safetensors"), dir.resolve("model.safetensors"));
            Files.writeString(
                    dir.resolve("config.json"),
                    Files.readString(fixture.resolve("config.json"))
                            .replace("\"model_type\": \"t5\"", "\"model_type\": \"" + modelType + "\""));
            Files.writeString(dir.resolve("tokenizer.json"), tokenizer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** {@code <pad>} 0 (the decoder start), {@code </s>} 1 appended to every text, {@code <unk>} 2, then WORDS. */
    private static String tokenizer() {
        StringBuilder vocab = new StringBuilder("\"<pad>\":0,\"</s>\":1,\"<unk>\":2");
        for (int i = 0; i < WORDS.length; i++) {
            vocab.append(",\"").append(WORDS[i]).append("\":").append(i + 3);
        }
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"post_processor\":{\"type\":\"TemplateProcessing\","
                + "\"single\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"SpecialToken\":{\"id\":\"</s>\",\"type_id\":0}}],"
                + "\"pair\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}}],"
                + "\"special_tokens\":{\"</s>\":{\"id\":\"</s>\",\"ids\":[1],\"tokens\":[\"</s>\"]}}},"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab + "},"
                + "\"unk_token\":\"<unk>\"}}";
    }
}
