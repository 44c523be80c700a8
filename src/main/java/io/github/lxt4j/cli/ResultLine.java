package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.viz.WordAggregation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output line of {@code lxt4j explain --jsonl}, compact JSON. For a decoder LM: {@code id} (when the input line
 * has one), {@code prompt}, {@code method}, {@code tokens}, {@code text}, {@code ids}, {@code relevance},
 * {@code target: {id, token, logit}}, with {@code --aggregate words} also {@code words} and {@code word_relevance},
 * then {@code total_relevance}. For T5: {@code id}, {@code source},
 * {@code target_prefix}, {@code method}, {@code source_tokens}, {@code source_text}, {@code source_relevance},
 * {@code decoder_tokens}, {@code decoder_text}, {@code decoder_relevance}, {@code target}, {@code total_relevance}.
 */
final class ResultLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLine() {
    }

    /**
     * @param text        the tokens as cleaned text, one per token
     * @param targetToken the explained token as the tokenizer spells it; null past the tokenizer's vocabulary
     */
    static String of(PromptLine in, Explanation e, String[] text, String targetToken) {
        return of(in, e, text, targetToken, null);
    }

    /** With {@code words}: also {@code words} and {@code word_relevance}, the sub-word relevance summed per word. */
    static String of(PromptLine in, Explanation e, String[] text, String targetToken, WordAggregation words) {
        Map<String, Object> line = start(in.id());
        line.put("prompt", in.prompt());
        line.put("method", e.method().cliName());
        line.put("tokens", e.tokens());
        line.put("text", text);
        line.put("ids", e.ids());
        line.put("relevance", e.relevance());
        line.put("target", target(e.targetIds()[0], targetToken, e.targetValue()));
        if (words != null) {
            line.put("words", words.words());
            line.put("word_relevance", words.sum(e.relevance()));
        }
        line.put("total_relevance", e.totalRelevance());
        return write(line, in.where());
    }

    /**
     * @param sourceText  the source tokens as cleaned text, one per token
     * @param decoderText the decoder tokens as cleaned text, one per token
     * @param targetToken the explained token as the tokenizer spells it; null past the tokenizer's vocabulary
     */
    static String of(SourceLine in, Seq2SeqExplanation e, String[] sourceText, String[] decoderText,
            String targetToken) {
        Map<String, Object> line = start(in.id());
        line.put("source", in.source());
        line.put("target_prefix", in.targetPrefix());
        line.put("method", e.method().cliName());
        line.put("source_tokens", e.sourceTokens());
        line.put("source_text", sourceText);
        line.put("source_relevance", e.sourceRelevance());
        line.put("decoder_tokens", e.decoderTokens());
        line.put("decoder_text", decoderText);
        line.put("decoder_relevance", e.decoderRelevance());
        line.put("target", target(e.targetIds()[0], targetToken, e.targetValue()));
        line.put("total_relevance", e.totalRelevance());
        return write(line, in.where());
    }

    private static Map<String, Object> start(JsonNode id) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (id != null) {
            line.put("id", id);
        }
        return line;
    }

    private static Map<String, Object> target(long id, String token, double logit) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("id", id);
        target.put("token", token);
        target.put("logit", logit);
        return target;
    }

    private static String write(Map<String, Object> line, String where) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException bad) {
            throw new IllegalStateException("cannot write the result of " + where + " as JSON", bad);
        }
    }
}
