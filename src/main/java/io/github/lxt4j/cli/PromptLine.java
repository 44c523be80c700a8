package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.Json;
import io.github.lxt4j.io.TokenizerException;

/**
 * One input line of {@code lxt4j explain --prompts}: a JSON object with {@code "prompt"} (a non-empty string), an
 * optional {@code "id"} (any JSON value, echoed back) and an optional {@code "target"} (a token id, or a token
 * string); or a bare JSON string, which is the prompt. Other keys are ignored.
 *
 * @param where  {@code FILE:LINE}, for messages
 * @param id     the line's id, or null when it has none
 * @param target the line's target, or null for the argmax
 */
record PromptLine(String where, JsonNode id, String prompt, JsonNode target) {

    static PromptLine parse(String text, String where) {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new JsonlException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node.isTextual()) {
            return new PromptLine(where, null, prompt(node, where), null);
        }
        if (!node.isObject()) {
            throw new JsonlException(where + ": expected a JSON object with a \"prompt\" field, or a JSON string,"
                    + " found " + node.getNodeType());
        }
        JsonNode target = node.path("target");
        if (!target.isMissingNode() && !target.isNull() && !target.isTextual() && !target.canConvertToExactIntegral()) {
            throw new JsonlException(where + ": field 'target' must be a token id (an integer) or a token string,"
                    + " found " + target);
        }
        return new PromptLine(where, node.get("id"), prompt(node.path("prompt"), where),
                target.isMissingNode() || target.isNull() ? null : target);
    }

    private static String prompt(JsonNode prompt, String where) {
        if (!prompt.isTextual() || prompt.textValue().isBlank()) {
            throw new JsonlException(where + ": field 'prompt' must be a non-empty string, found "
                    + (prompt.isMissingNode() ? "nothing" : prompt.toString()));
        }
        return prompt.textValue();
    }

    /** The argmax, or the token this line names; an id must lie in {@code [0, vocab)}. */
    Target resolveTarget(HfTokenizer tokenizer, long vocab) {
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
            throw new JsonlException(where + ": target token id " + (target.isTextual() ? id + " (" + target + ")"
                    : target) + " is outside the vocabulary [0, " + vocab + ")");
        }
        return Target.token(id);
    }
}
