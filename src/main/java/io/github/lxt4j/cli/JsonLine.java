package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.Json;
import io.github.lxt4j.io.JsonErrors;
import io.github.lxt4j.io.TokenizerException;

/**
 * One non-blank input line of {@code lxt4j explain --prompts}, parsed as JSON, with the fields that every kind of
 * line shares: an optional {@code "id"} (any JSON value, echoed back) and an optional {@code "target"} (a token id,
 * or a token string). {@link PromptLine} and {@link SourceLine} read their text fields from it.
 *
 * @param where {@code FILE:LINE}, for messages
 */
record JsonLine(String where, JsonNode node) {

    static JsonLine parse(String text, String where) {
        try {
            return new JsonLine(where, Json.parse(text));
        } catch (JsonProcessingException e) {
            throw new JsonlException(where + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
    }

    /** A bare JSON string stands for the line's main text field; anything else but an object is an error. */
    boolean isBareText(String field) {
        if (node.isTextual()) {
            return true;
        }
        if (!node.isObject()) {
            throw new JsonlException(where + ": expected a JSON object with a \"" + field + "\" field, or a JSON"
                    + " string, found " + node.getNodeType());
        }
        return false;
    }

    /** The line's id, or null when it has none (an explicit {@code null} id is kept). */
    JsonNode id() {
        return node.isObject() ? node.get("id") : null;
    }

    /** {@code value}, which must be a non-empty string, as field {@code field}. */
    String nonBlank(JsonNode value, String field) {
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new JsonlException(where + ": field '" + field + "' must be a non-empty string, found "
                    + (value.isMissingNode() ? "nothing" : value.toString()));
        }
        return value.textValue();
    }

    /** The line's target (a token id or a token string), or null for the argmax. */
    JsonNode target() {
        JsonNode target = node.path("target");
        if (target.isMissingNode() || target.isNull()) {
            return null;
        }
        if (!target.isTextual() && !target.canConvertToExactIntegral()) {
            throw new JsonlException(
                    where + ": field 'target' must be a token id (an integer) or a token string," + " found " + target);
        }
        return target;
    }

    /** The argmax, or the token {@code target} names; an id must lie in {@code [0, vocab)}. */
    static Target resolveTarget(String where, JsonNode target, HfTokenizer tokenizer, long vocab) {
        if (target == null) {
            return Target.argmax();
        }
        long id;
        if (target.isTextual()) {
            try {
                id = tokenizer.singleTokenId(target.textValue());
            } catch (TokenizerException e) {
                throw new JsonlException(where + ": target " + e.getMessage(), e);
            }
        } else {
            id = target.canConvertToLong() ? target.longValue() : -1;
        }
        if (id < 0 || id >= vocab) {
            throw new JsonlException(
                    where + ": target token id " + (target.isTextual() ? id + " (" + target + ")" : target)
                            + " is outside the vocabulary [0, " + vocab + ")");
        }
        return Target.token(id);
    }
}
