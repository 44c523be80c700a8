package io.github.lxt4j.viz;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.TokenizerFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Reads the {@link TokenScheme} from a Hugging Face {@code tokenizer.json}'s settings ({@link TokenizerFile}). */
final class TokenizerJson {
    private TokenizerJson() {}

    static TokenScheme scheme(Path file) {
        return scheme(TokenizerFile.read(file).settings());
    }

    static TokenScheme scheme(JsonNode root) {
        String model = root.path("model").path("type").asText("");
        Set<String> steps = new HashSet<>();
        collectTypes(root.path("decoder"), steps);
        collectTypes(root.path("pre_tokenizer"), steps);
        if (model.equals("WordPiece") || steps.contains("WordPiece")) {
            return TokenScheme.WORDPIECE;
        }
        if (!root.path("model").path("end_of_word_suffix").asText("").isEmpty() || steps.contains("BPEDecoder")) {
            return TokenScheme.END_OF_WORD;
        }
        if (steps.contains("ByteLevel")) {
            return TokenScheme.BYTE_LEVEL;
        }
        if (model.equals("Unigram")
                || steps.contains("Metaspace")
                || steps.contains("ByteFallback")
                || replacesMetaspace(root.path("decoder"))) {
            return TokenScheme.SENTENCEPIECE;
        }
        if (model.equals("WordLevel")) {
            return TokenScheme.WHITESPACE;
        }
        return TokenScheme.AUTO;
    }

    private static void collectTypes(JsonNode node, Set<String> types) {
        if (node.isObject()) {
            JsonNode type = node.get("type");
            if (type != null && type.isTextual()) {
                types.add(type.asText());
            }
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectTypes(child, types));
        }
    }

    /** LLaMA-style decoders: {@code Replace("▁", " ")} inside a sequence. */
    private static boolean replacesMetaspace(JsonNode node) {
        if (node.isObject()
                && "Replace".equals(node.path("type").asText())
                && node.path("pattern").path("String").asText("").indexOf(TokenCleaner.SP_SPACE) >= 0) {
            return true;
        }
        for (JsonNode child : node) {
            if (replacesMetaspace(child)) {
                return true;
            }
        }
        return false;
    }
}
