package io.github.lxt4j.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.lxt4j.io.JsonErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads evaluation datasets: JSON Lines, one object per line, as the kv-retrieval fixture's {@code eval.jsonl}:
 * {@code {"prompt": "...", "answer": "pink", "source_position": 15}}. {@code prompt} is required; {@code answer}
 * (a string) and {@code source_position} (a non-negative integer) are optional; other keys are ignored. Blank lines
 * are skipped. Every error names the file, the line and the field.
 */
public final class EvalDataset {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EvalDataset() {}

    /** Every example of {@code file}. */
    public static List<EvalExample> read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    /** The first {@code limit} examples of {@code file}; lines after them are not read. */
    public static List<EvalExample> read(Path file, int limit) {
        if (limit < 1) {
            throw new EvalInputException("--limit must be >= 1, got " + limit);
        }
        List<EvalExample> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while (out.size() < limit && (line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    out.add(parse(line, file.getFileName() + ":" + number));
                }
            }
        } catch (NoSuchFileException e) {
            throw new EvalInputException("dataset file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new EvalInputException("cannot read dataset " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new EvalInputException("dataset " + file + " has no examples");
        }
        return out;
    }

    /** One line; {@code where} names it in messages. */
    public static EvalExample parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new EvalInputException(where + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
        if (!node.isObject()) {
            throw new EvalInputException(where + ": expected a JSON object, found " + node.getNodeType());
        }
        JsonNode prompt = node.path("prompt");
        if (!prompt.isTextual() || prompt.textValue().isBlank()) {
            throw new EvalInputException(
                    where + ": field 'prompt' must be a non-empty string, found " + describe(prompt));
        }
        JsonNode answer = node.path("answer");
        if (!answer.isMissingNode() && !answer.isNull() && !answer.isTextual()) {
            throw new EvalInputException(where + ": field 'answer' must be a string, found " + describe(answer));
        }
        JsonNode source = node.path("source_position");
        if (!source.isMissingNode()
                && !source.isNull()
                && (!source.canConvertToExactIntegral() || !source.canConvertToInt() || source.intValue() < 0)) {
            throw new EvalInputException(
                    where + ": field 'source_position' must be a non-negative integer, found " + describe(source));
        }
        return new EvalExample(
                where,
                prompt.textValue(),
                answer.isTextual() ? answer.textValue() : null,
                source.isMissingNode() || source.isNull() ? null : source.intValue());
    }

    private static String describe(JsonNode n) {
        return n.isMissingNode() ? "nothing" : n.toString();
    }
}
