package io.github.lxt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The id-to-token table of a {@code tokenizer.json}: the model's vocabulary (an object for WordLevel, BPE and
 * WordPiece; a list of [piece, score] pairs for Unigram) plus {@code added_tokens}. DJL's tokenizer does not expose it.
 */
final class TokenizerVocab {
    private final String[] tokenOfId;
    private final Map<String, Long> idOfToken;
    private final Long unkId;

    private TokenizerVocab(String[] tokenOfId, Map<String, Long> idOfToken, Long unkId) {
        this.tokenOfId = tokenOfId;
        this.idOfToken = idOfToken;
        this.unkId = unkId;
    }

    static TokenizerVocab read(Path tokenizerJson) {
        return TokenizerFile.read(tokenizerJson).vocab();
    }

    /** The vocabulary of {@code root}, the whole parsed {@code tokenizerJson}. */
    static TokenizerVocab of(Path tokenizerJson, JsonNode root) {
        Map<String, Long> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> e : vocab.properties()) {
                ids.put(e.getKey(), id(tokenizerJson, "model.vocab." + e.getKey(), e.getValue()));
            }
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode piece = vocab.get(i).path(0);
                if (!piece.isTextual()) {
                    throw new TokenizerException(tokenizerJson + ": model.vocab[" + i
                            + "] must be a [piece, score] pair, found " + vocab.get(i));
                }
                ids.putIfAbsent(piece.textValue(), (long) i);
            }
        } else {
            throw new TokenizerException(
                    tokenizerJson + ": expected model.vocab to be an object or an array, found " + vocab.getNodeType());
        }
        for (JsonNode added : root.path("added_tokens")) {
            JsonNode content = added.path("content");
            if (!content.isTextual()) {
                throw new TokenizerException(tokenizerJson + ": added_tokens entry without string content: " + added);
            }
            ids.put(content.textValue(), id(tokenizerJson, "added_tokens." + content.textValue(), added.path("id")));
        }
        long max = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        if (max >= Integer.MAX_VALUE - 8) {
            throw new TokenizerException(tokenizerJson + ": token id " + max + " is too large");
        }
        String[] tokens = new String[(int) (max + 1)];
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            int id = e.getValue().intValue();
            if (tokens[id] == null || e.getKey().compareTo(tokens[id]) < 0) {
                tokens[id] = e.getKey(); // several strings for one id is malformed; stay deterministic
            }
        }
        return new TokenizerVocab(tokens, ids, unk(tokenizerJson, root.path("model"), ids));
    }

    /**
     * {@code model.unk_token} (WordLevel, WordPiece, BPE) or {@code model.unk_id} (Unigram); null when absent or
     * when the named token is not in the vocabulary (the tokenizer then never produces it).
     */
    private static Long unk(Path file, JsonNode model, Map<String, Long> ids) {
        JsonNode token = model.path("unk_token");
        if (token.isTextual()) {
            return ids.get(token.textValue());
        }
        JsonNode unkId = model.path("unk_id");
        return unkId.isMissingNode() || unkId.isNull() ? null : id(file, "model.unk_id", unkId);
    }

    private static long id(Path file, String field, JsonNode v) {
        if (!v.canConvertToExactIntegral() || v.longValue() < 0) {
            throw new TokenizerException(file + ": " + field + " must be a non-negative integer id, found " + v);
        }
        return v.longValue();
    }

    int size() {
        return tokenOfId.length;
    }

    /** The token string of {@code id}, or null when no token has that id. */
    String token(long id) {
        return id >= 0 && id < tokenOfId.length ? tokenOfId[(int) id] : null;
    }

    /** The id of the unknown token, or null when the tokenizer defines none. */
    Long unkId() {
        return unkId;
    }

    /** The id of {@code token}, or null when it is not in the vocabulary. */
    Long id(String token) {
        return idOfToken.get(token);
    }
}
