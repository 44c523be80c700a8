package io.github.lxt4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.JsonErrors;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.io.BufferedInputStream;
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
    /** The most values of a batch output's token relevance that {@code show} reads (16 Mi, 128 MiB as doubles). */
    static final long MAX_VALUES = 1 << 24;

    /** One heatmap: its title, display tokens and relevance. */
    record Row(String title, String[] tokens, double[] relevance) {}

    private SavedResults() {}

    /**
     * The heatmaps of one JSON Lines result line: one, or one per token for a token classifier's line; T5 lines show
     * the source then the decoder tokens, a classifier's line names its label. With {@code words}, lines saved with
     * {@code --aggregate words} show their words.
     *
     * @param where the line, as messages name it ({@code FILE line N})
     */
    static List<Row> jsonlRows(String line, String where, boolean words) {
        JsonNode n = parse(line, where);
        String title = where + (n.hasNonNull("id") ? " (id " + n.get("id") + ")" : "");
        if (n.has("labels") && n.has("targets")) {
            return tokenClassifierRows(n, title, where);
        }
        if (n.has("source_relevance")) {
            String[] tokens = concat(strings(n, "source_text", where), strings(n, "decoder_text", where));
            double[] rel = concat(numbers(n, "source_relevance", where), numbers(n, "decoder_relevance", where));
            return List.of(row(title, tokens, rel, where));
        }
        if (words) {
            if (!n.has("words")) {
                throw new Lxt4jException(where + ": no 'words' field; save with explain --aggregate words");
            }
            return List.of(row(title, strings(n, "words", where), numbers(n, "word_relevance", where), where));
        }
        JsonNode label = n.path("target").path("label");
        return List.of(row(
                title + (label.isTextual() ? " → " + label.asText() : ""),
                strings(n, "text", where),
                numbers(n, "relevance", where),
                where));
    }

    /** One line as JSON, or an error naming {@code where}. */
    static JsonNode parse(String line, String where) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException bad) {
            throw new Lxt4jException(where + ": not valid JSON: " + JsonErrors.describe(bad), bad);
        }
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
            List<String> keys = f.keys().stream()
                    .filter(k -> k.endsWith(".tokens"))
                    .sorted()
                    .toList();
            if (method != null) {
                key = method.replace('-', '_') + ".tokens";
                if (!keys.contains(key)) {
                    throw new Lxt4jException(file + " has no '" + key + "' (token relevance keys: " + keys + ")");
                }
            } else if (keys.size() == 1) {
                key = keys.get(0);
            } else {
                throw new Lxt4jException(file + " holds "
                        + (keys.isEmpty()
                                ? "no token relevance (*.tokens)"
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
                double[] mask = in.contains("attention_mask")
                        ? rowOf(in.read("attention_mask"), row, inputs + ": attention_mask")
                        : null;
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
        return new Row(
                file + " " + key + " row " + row,
                shownTokens.toArray(String[]::new),
                shownRel.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A token classifier's line: one heatmap per token, the relevance of its label over the text. */
    private static List<Row> tokenClassifierRows(JsonNode n, String title, String where) {
        String[] text = strings(n, "text", where);
        JsonNode rel = array(n, "relevance", where);
        JsonNode targets = array(n, "targets", where);
        if (rel.size() != text.length || targets.size() != text.length) {
            throw new Lxt4jException(where + ": a token classifier line needs one relevance row and one target per"
                    + " token (" + text.length + " tokens)");
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < text.length; i++) {
            double[] r = numbers(rel, i, where);
            out.add(row(
                    title + " token " + i + " '" + text[i].strip() + "' → "
                            + targets.get(i).path("label").asText(),
                    text,
                    r,
                    where));
        }
        return out;
    }

    private static double[] numbers(JsonNode rows, int i, String where) {
        JsonNode a = rows.get(i);
        if (a == null || !a.isArray()) {
            throw new Lxt4jException(where + ": relevance[" + i + "] is not an array");
        }
        double[] out = new double[a.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = a.get(j).asDouble();
        }
        return out;
    }

    /**
     * Row {@code row} of an image classifier's batch output {@code <prefix>.map} [B, H, W], or null when the file has
     * token relevance ({@code *.tokens}) or no map.
     */
    static float[][] imageMap(Path file, String method, int row) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (f.keys().stream().anyMatch(k -> k.endsWith(".tokens"))) {
                return null;
            }
            List<String> maps =
                    f.keys().stream().filter(k -> k.endsWith(".map")).sorted().toList();
            String key = method != null ? method.replace('-', '_') + ".map" : maps.size() == 1 ? maps.get(0) : null;
            if (key == null || !maps.contains(key)) {
                return maps.isEmpty() ? null : failMaps(file, maps, method);
            }
            TensorData d = f.read(key);
            if (d.rank() != 3 || row < 0 || row >= d.shape()[0]) {
                throw new IllegalArgumentException(file + ": " + key + " has shape " + Arrays.toString(d.shape())
                        + "; --row " + row + " must be a row of [batch, height, width]");
            }
            int h = (int) d.shape()[1];
            int w = (int) d.shape()[2];
            double[] all = d.toDoubles();
            float[][] out = new float[h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y][x] = (float) all[(row * h + y) * w + x];
                }
            }
            return out;
        }
    }

    private static float[][] failMaps(Path file, List<String> maps, String method) {
        throw new Lxt4jException(file
                + (method != null
                        ? " has no '" + method.replace('-', '_') + ".map' (image" + " relevance keys: " + maps + ")"
                        : " holds several methods " + maps + ": pick one with --method"));
    }

    /** The lines of {@code file}, read with the limits of {@code --prompts}; an unreadable file is named. */
    static LineReader lines(Path file) {
        if (Files.isDirectory(file)) {
            throw new Lxt4jException("cannot read " + file + ": it is a folder, not a saved result");
        }
        try {
            return new LineReader(
                    new FileOrStdStream<>(new BufferedInputStream(Files.newInputStream(file)), file.toString(), true),
                    LineReader.MAX_LINE_BYTES);
        } catch (IOException e) {
            throw new Lxt4jException("cannot read " + file + ": " + JsonlException.reason(e), e);
        }
    }

    private static double[] rowOf(TensorData d, int row, String where) {
        if (d.rank() != 2) {
            throw new Lxt4jException(where + " must be [batch, length], got " + Arrays.toString(d.shape()));
        }
        long values = d.shape()[0] * d.shape()[1];
        if (d.shape()[0] > MAX_VALUES || d.shape()[1] > MAX_VALUES || values > MAX_VALUES) {
            throw new Lxt4jException(where + " holds " + Arrays.toString(d.shape()) + " values, more than" + " the "
                    + MAX_VALUES + " that show reads");
        }
        int b = (int) d.shape()[0];
        int t = (int) d.shape()[1];
        if (row < 0 || row >= b) {
            throw new IllegalArgumentException("--row " + row + " is outside 0.." + (b - 1) + " of " + where);
        }
        double[] all = d.dtype().isFloating()
                ? d.toDoubles()
                : Arrays.stream(d.toLongs()).asDoubleStream().toArray();
        return Arrays.copyOfRange(all, row * t, (row + 1) * t);
    }

    private static Row row(String title, String[] tokens, double[] relevance, String where) {
        if (tokens.length != relevance.length) {
            throw new Lxt4jException(
                    where + ": " + tokens.length + " tokens but " + relevance.length + " relevance values");
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
