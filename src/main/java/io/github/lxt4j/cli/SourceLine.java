package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;

/**
 * One input line of {@code lxt4j explain --prompts} for a T5 model: a JSON object with {@code "source"} (a non-empty
 * string; {@code "prompt"} is accepted in its place, but not both), an optional {@code "target_prefix"} (the decoder
 * text after the start token, default {@code ""}), an optional {@code "id"} and an optional {@code "target"} (see
 * {@link JsonLine}); or a bare JSON string, which is the source. Other keys are ignored.
 *
 * @param where  {@code FILE:LINE}, for messages
 * @param id     the line's id, or null when it has none
 * @param target the line's target, or null for the argmax
 */
record SourceLine(String where, JsonNode id, String source, String targetPrefix, JsonNode target) {

    static SourceLine of(JsonLine line) {
        if (line.isBareText("source")) {
            return new SourceLine(line.where(), null, line.nonBlank(line.node(), "source"), "", null);
        }
        JsonNode node = line.node();
        if (node.has("source") && node.has("prompt")) {
            throw new JsonlException(line.where() + ": give the source as 'source' or as 'prompt', not both");
        }
        JsonNode target = line.target();
        String field = node.has("prompt") ? "prompt" : "source";
        return new SourceLine(
                line.where(), line.id(), line.nonBlank(node.path(field), field), targetPrefix(line), target);
    }

    private static String targetPrefix(JsonLine line) {
        JsonNode prefix = line.node().path("target_prefix");
        if (prefix.isMissingNode() || prefix.isNull()) {
            return "";
        }
        if (!prefix.isTextual()
                || (!prefix.textValue().isEmpty() && prefix.textValue().isBlank())) {
            throw new JsonlException(
                    line.where() + ": field 'target_prefix' must be a string, \"\" for none, found " + prefix);
        }
        return prefix.textValue();
    }

    /** The argmax, or the token this line names; an id must lie in {@code [0, vocab)}. */
    Target resolveTarget(HfTokenizer tokenizer, long vocab) {
        return JsonLine.resolveTarget(where, target, tokenizer, vocab);
    }
}
