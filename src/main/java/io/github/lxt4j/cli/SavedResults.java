package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads token relevance back from what {@code lxt4j explain} saved: JSON Lines result lines, and rows of the batch
 * safetensors output (its {@code <method>.tokens} tensor [B, T]).
 */
final class SavedResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One heatmap: its title, display tokens and relevance. */
    record Row(String title, String[] tokens, double[] relevance) {
    }

    private SavedResults() {
    }

    /**
     * Every result line of a JSON Lines file; T5 lines show the source then the decoder tokens. With {@code words},
     * lines saved with {@code --aggregate words} show their words.
     */
    static List<Row> jsonl(Path file, List<String> lines, boolean words) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                throw new Lxt4jException(where + ": not JSON (" + bad.getOriginalMessage() + ")");
            }
            String title = where + (n.hasNonNull("id") ? " (id " + n.get("id") + ")" : "");
            if (n.has("source_relevance")) {
                String[] tokens = concat(strings(n, "source_text", where), strings(n, "decoder_text", where));
                double[] rel = concat(numbers(n, "source_relevance", where), numbers(n, "decoder_relevance", where));
                rows.add(row(title, tokens, rel, where));
            } else if (words) {
                if (!n.has("words")) {
                    throw new Lxt4jException(where + ": no 'words' field; save with explain --aggregate words");
                }
                rows.add(row(title, strings(n, "words", where), numbers(n, "word_relevance", where), where));
            } else {
                rows.add(row(title, strings(n, "text", where), numbers(n, "relevance", where), where));
            }
        }
        if (rows.isEmpty()) {
            throw new Lxt4jException(file + ": no result lines");
        }
        return rows;
    }

    /**
     * Row {@code row} of a batch output's {@code <prefix>.tokens}; tokens from {@code inputs}' {@code input_ids}
     * (positions where its {@code attention_mask} is 0 are left out) spelled by {@code tokenizer}, else positions.
     *
     * @param method the key prefix ({@code attnlrp}, {@code cp_lrp}, …) or null for the only one in the file
     */
    static Row safetensors(Path file, String method, int row, Path inputs, Path tokenizer) {
        double[] relevance;
        String key;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<String> keys = f.keys().stream().filter(k -> k.endsWith(".tokens")).sorted().toList();
            if (method != null) {
                key = method.replace('-', '_') + ".tokens";
                if (!keys.contains(key)) {
                    throw new Lxt4jException(file + " has no '" + key + "' (token relevance keys: " + keys + ")");
                }
            } else if (keys.size() == 1) {
                key = keys.get(0);
            } else {
                throw new Lxt4jException(file + " holds " + (keys.isEmpty() ? "no token relevance (*.tokens)"
                        : "several methods " + keys + ": pick one with --method"));
            }
            relevance = rowOf(f.read(key), row, file + ": " + key);
        }
        String[] tokens = new String[relevance.length];
        boolean[] keep = new boolean[relevance.length];
        Arrays.fill(keep, true);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "#" + i;
        }
        if (inputs != null) {
            try (SafetensorsFile in = SafetensorsFile.open(inputs)) {
                if (!in.contains("input_ids")) {
                    throw new Lxt4jException(inputs + " has no 'input_ids'");
                }
                double[] ids = rowOf(in.read("input_ids"), row, inputs + ": input_ids");
                if (ids.length != relevance.length) {
                    throw new Lxt4jException(inputs + ": input_ids row " + row + " has " + ids.length + " ids for "
                            + relevance.length + " relevance values in " + file);
                }
                double[] mask = in.contains("attention_mask") ? rowOf(in.read("attention_mask"), row, inputs
                        + ": attention_mask") : null;
                for (int i = 0; i < ids.length; i++) {
                    tokens[i] = Long.toString((long) ids[i]);
                    keep[i] = mask == null || mask[i] != 0;
                }
                if (tokenizer != null) {
                    try (HfTokenizer tok = HfTokenizer.open(tokenizer)) {
                        for (int i = 0; i < ids.length; i++) {
                            String t = tok.tokenOrNull((long) ids[i]);
                            tokens[i] = t == null ? "<id " + (long) ids[i] + ">" : t;
                        }
                        tokens = TokenCleaner.cleanOrPassThrough(tokens, TokenScheme.of(tok.tokenizerFile()));
                    }
                }
            }
        } else if (tokenizer != null) {
            throw new IllegalArgumentException("--tokenizer spells the ids of --inputs: give the batch input file too");
        }
        List<String> shownTokens = new ArrayList<>();
        List<Double> shownRel = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (keep[i]) {
                shownTokens.add(tokens[i]);
                shownRel.add(relevance[i]);
            }
        }
        return new Row(file + " " + key + " row " + row, shownTokens.toArray(String[]::new),
                shownRel.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Whether a file starts like a JSON object spanning several lines (a saved generation), not JSON Lines. */
    static boolean looksLikeOneDocument(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).count() > 1 && lines.get(0).strip().equals("{");
    }

    static List<String> readLines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    private static double[] rowOf(TensorData d, int row, String where) {
        if (d.rank() != 2) {
            throw new Lxt4jException(where + " must be [batch, length], got " + Arrays.toString(d.shape()));
        }
        int b = (int) d.shape()[0];
        int t = (int) d.shape()[1];
        if (row < 0 || row >= b) {
            throw new IllegalArgumentException("--row " + row + " is outside 0.." + (b - 1) + " of " + where);
        }
        double[] all = d.dtype().isFloating() ? d.toDoubles()
                : Arrays.stream(d.toLongs()).asDoubleStream().toArray();
        return Arrays.copyOfRange(all, row * t, (row + 1) * t);
    }

    private static Row row(String title, String[] tokens, double[] relevance, String where) {
        if (tokens.length != relevance.length) {
            throw new Lxt4jException(where + ": " + tokens.length + " tokens but " + relevance.length
                    + " relevance values");
        }
        return new Row(title, tokens, relevance);
    }

    private static String[] strings(JsonNode n, String field, String where) {
        JsonNode a = array(n, field, where);
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asText();
        }
        return out;
    }

    private static double[] numbers(JsonNode n, String field, String where) {
        JsonNode a = array(n, field, where);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new Lxt4jException(where + ": " + field + "[" + i + "] is not a number: " + a.get(i));
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static JsonNode array(JsonNode n, String field, String where) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) {
            throw new Lxt4jException(where + ": missing array field '" + field + "'");
        }
        return a;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
