package io.github.lxt4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json}, parsed once: {@link HfTokenizer} takes its vocabulary from it and the
 * display code its settings (model type, pre-tokenizer, decoder), so nobody parses the file again.
 */
public final class TokenizerFile {
    /** The top-level keys the tokenizers library reads; it refuses a file with any other. */
    static final Set<String> LIBRARY_KEYS = Set.of(
            "version",
            "truncation",
            "padding",
            "added_tokens",
            "normalizer",
            "pre_tokenizer",
            "post_processor",
            "decoder",
            "model");

    private final Path file;
    private final JsonNode settings;
    private final List<String> otherKeys = new ArrayList<>();
    private JsonNode full;
    private TokenizerVocab vocab;

    private TokenizerFile(Path file, JsonNode full) {
        this.file = file;
        this.full = full;
        this.settings = withoutVocabulary(full);
        full.fieldNames().forEachRemaining(k -> {
            if (!LIBRARY_KEYS.contains(k)) {
                otherKeys.add(k);
            }
        });
    }

    /**
     * Parses {@code file}.
     *
     * @throws TokenizerException naming the file if it cannot be read, is not JSON or is not a JSON object
     */
    public static TokenizerFile read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new TokenizerException(file + ": not valid JSON: " + JsonErrors.describe(e), e);
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot read the tokenizer: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TokenizerException(file + ": expected a JSON object, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType()));
        }
        return new TokenizerFile(file, root);
    }

    public Path file() {
        return file;
    }

    /** Top-level keys that the tokenizers library does not read (a valid file may carry more); empty for most files. */
    public List<String> otherKeys() {
        return List.copyOf(otherKeys);
    }

    /**
     * The file's content without {@code model.vocab} and {@code model.merges} (the large parts): {@code model.type},
     * {@code normalizer}, {@code pre_tokenizer}, {@code decoder}, {@code added_tokens}, ... Do not modify it.
     */
    public JsonNode settings() {
        return settings;
    }

    /** The id-to-token table, built on first use (then the full tree is released). */
    synchronized TokenizerVocab vocab() {
        if (vocab == null) {
            vocab = TokenizerVocab.of(file, full);
            full = null;
        }
        return vocab;
    }

    private static JsonNode withoutVocabulary(JsonNode root) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            out.set(e.getKey(), e.getValue());
        }
        JsonNode model = root.path("model");
        if (model.isObject()) {
            ObjectNode m = out.putObject("model");
            for (Map.Entry<String, JsonNode> e : model.properties()) {
                if (!e.getKey().equals("vocab") && !e.getKey().equals("merges")) {
                    m.set(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }
}
