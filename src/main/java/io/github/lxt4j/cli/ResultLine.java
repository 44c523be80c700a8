package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.viz.ResultFields;
import io.github.lxt4j.viz.WordAggregation;
import java.util.LinkedHashMap;
import java.util.List;
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

    private ResultLine() {}

    static String of(PromptLine in, ResultFields.Decoder r) {
        return of(in, r, null);
    }

    /** With {@code words}: also {@code words} and {@code word_relevance}, the sub-word relevance summed per word. */
    static String of(PromptLine in, ResultFields.Decoder r, WordAggregation words) {
        return of(in.id(), in.prompt(), r, words, in.where());
    }

    /** @param id the input's id, or null when it has none */
    static String of(JsonNode id, String prompt, ResultFields.Decoder r, String where) {
        return of(id, prompt, r, null, where);
    }

    /** @param words null, or the words whose summed relevance the line also holds */
    static String of(JsonNode id, String prompt, ResultFields.Decoder r, WordAggregation words, String where) {
        Map<String, Object> line = start(id);
        line.put("prompt", prompt);
        line.put("method", r.method());
        line.put("tokens", r.tokens());
        line.put("text", r.text());
        line.put("ids", r.ids());
        line.put("relevance", r.relevance());
        line.put("target", target(r.targetId(), r.targetToken(), r.targetLogit()));
        if (words != null) {
            line.put("words", words.words());
            line.put("word_relevance", words.sum(r.relevance()));
        }
        line.put("total_relevance", r.totalRelevance());
        return write(line, where);
    }

    static String of(SourceLine in, ResultFields.Seq2Seq r) {
        return of(in.id(), in.source(), in.targetPrefix(), r, in.where());
    }

    /** @param id the input's id, or null when it has none */
    static String of(JsonNode id, String source, String targetPrefix, ResultFields.Seq2Seq r, String where) {
        Map<String, Object> line = start(id);
        line.put("source", source);
        line.put("target_prefix", targetPrefix);
        line.put("method", r.method());
        line.put("source_tokens", r.sourceTokens());
        line.put("source_text", r.sourceText());
        line.put("source_relevance", r.sourceRelevance());
        line.put("decoder_tokens", r.decoderTokens());
        line.put("decoder_text", r.decoderText());
        line.put("decoder_relevance", r.decoderRelevance());
        line.put("target", target(r.targetId(), r.targetToken(), r.targetLogit()));
        line.put("total_relevance", r.totalRelevance());
        return write(line, where);
    }

    /**
     * A sequence classifier's line: {@code id}, {@code prompt}, {@code method}, {@code tokens}, {@code text},
     * {@code ids}, {@code relevance}, {@code label} (the predicted one), {@code probabilities} (label → probability,
     * in class order), {@code target: {id, label, value}} ({@code id} is [a, b] for a contrast),
     * {@code total_relevance}.
     */
    static String of(PromptLine in, ResultFields.Classifier r) {
        Map<String, Object> line = classifierStart(in, r);
        line.put("relevance", r.relevance());
        line.put("label", r.label());
        line.put("probabilities", probabilities(r));
        line.put("target", classTarget(r));
        line.put("total_relevance", r.totalRelevance());
        return write(line, in.where());
    }

    /**
     * A token classifier's line, one entry per token in each array: {@code labels} (each token's predicted label),
     * {@code probabilities} (per token, label → probability), {@code targets} ({@code {id, label, value}} per token)
     * and {@code relevance} (per token, the row of relevance over all tokens that explains its label).
     */
    static String ofTokens(PromptLine in, List<ResultFields.Classifier> rows) {
        Map<String, Object> line = classifierStart(in, rows.get(0));
        line.put("labels", rows.stream().map(ResultFields.Classifier::label).toArray(String[]::new));
        line.put("probabilities", rows.stream().map(ResultLine::probabilities).toArray());
        line.put("targets", rows.stream().map(ResultLine::classTarget).toArray());
        line.put(
                "relevance",
                rows.stream().map(ResultFields.Classifier::relevance).toArray(double[][]::new));
        return write(line, in.where());
    }

    private static Map<String, Object> classifierStart(PromptLine in, ResultFields.Classifier r) {
        Map<String, Object> line = start(in.id());
        line.put("prompt", in.prompt());
        line.put("method", r.method());
        line.put("tokens", r.tokens());
        line.put("text", r.text());
        line.put("ids", r.ids());
        return line;
    }

    private static Map<String, Double> probabilities(ResultFields.Classifier r) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < r.labels().length; i++) {
            p.put(r.labels()[i], r.probabilities()[i]);
        }
        return p;
    }

    private static Map<String, Object> classTarget(ResultFields.Classifier r) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("id", r.targetIds().length == 1 ? (Object) r.targetIds()[0] : r.targetIds());
        target.put("label", r.targetLabel());
        target.put("value", r.targetValue());
        return target;
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
