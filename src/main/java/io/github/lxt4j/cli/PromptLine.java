package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;

/**
 * One input line of {@code lxt4j explain --prompts} for a decoder LM: a JSON object with {@code "prompt"} (a
 * non-empty string), an optional {@code "id"} and an optional {@code "target"} (see {@link JsonLine}); or a bare
 * JSON string, which is the prompt. Other keys are ignored.
 *
 * @param where  {@code FILE:LINE}, for messages
 * @param id     the line's id, or null when it has none
 * @param target the line's target, or null for the argmax
 */
record PromptLine(String where, JsonNode id, String prompt, JsonNode target) {

    static PromptLine of(JsonLine line) {
        if (line.isBareText("prompt")) {
            return new PromptLine(line.where(), null, line.nonBlank(line.node(), "prompt"), null);
        }
        JsonNode target = line.target();
        return new PromptLine(line.where(), line.id(), line.nonBlank(line.node().path("prompt"), "prompt"), target);
    }

    /** The argmax, or the token this line names; an id must lie in {@code [0, vocab)}. */
    Target resolveTarget(HfTokenizer tokenizer, long vocab) {
        return JsonLine.resolveTarget(where, target, tokenizer, vocab);
    }
}
