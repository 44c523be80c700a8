package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.explain.Explanation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output line of {@code lxt4j explain --jsonl}, compact JSON: {@code id} (when the input line has one),
 * {@code prompt}, {@code method}, {@code tokens}, {@code text}, {@code ids}, {@code relevance},
 * {@code target: {id, token, logit}}, {@code total_relevance}.
 */
final class ResultLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLine() {
    }

    /**
     * @param text        the tokens as cleaned text, one per token
     * @param targetToken the explained token as the tokenizer spells it
     */
    static String of(PromptLine in, Explanation e, String[] text, String targetToken) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (in.id() != null) {
            line.put("id", in.id());
        }
        line.put("prompt", in.prompt());
        line.put("method", e.method().cliName());
        line.put("tokens", e.tokens());
        line.put("text", text);
        line.put("ids", e.ids());
        line.put("relevance", e.relevance());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("id", e.targetIds()[0]);
        target.put("token", targetToken);
        target.put("logit", e.targetValue());
        line.put("target", target);
        line.put("total_relevance", e.totalRelevance());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException bad) {
            throw new IllegalStateException("cannot write the result of " + in.where() + " as JSON", bad);
        }
    }
}
