package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.explain.GenerationAttribution;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.viz.TokenScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The saved form of {@code lxt4j generate --json}: {@code format} ({@value #FORMAT}), {@code model}, {@code method},
 * {@code scheme} (the tokenizer's {@link TokenScheme}), {@code objective}, {@code contrast} ({@code {id, token}} or
 * null), {@code prompt_length}, {@code tokens} and {@code ids} of the prompt and the generated tokens, and
 * {@code steps}: per generated token its {@code id}, {@code token}, {@code probability}, {@code entropy},
 * {@code target_value} and {@code relevance} (one value per earlier position).
 */
final class GenerationJson {
    static final String FORMAT = "lxt4j.generation.v1";
    /** The largest saved generation read: 64 MiB. */
    static final long MAX_BYTES = 64L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A generation read back, with the tokenizer scheme it was saved with. */
    record Saved(GenerationAttribution result, TokenScheme scheme, String model) {}

    private GenerationJson() {}

    static String render(GenerationAttribution g, TokenScheme scheme, String model, String contrastToken) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", model);
        root.put("method", g.method().cliName());
        root.put("scheme", scheme.name());
        root.put("objective", g.objective());
        if (g.contrast() == null) {
            root.putNull("contrast");
        } else {
            root.putObject("contrast").put("id", g.contrast()).put("token", contrastToken);
        }
        root.put("prompt_length", g.promptLength());
        ArrayNode tokens = root.putArray("tokens");
        for (String t : g.tokens()) {
            tokens.add(t);
        }
        ArrayNode ids = root.putArray("ids");
        for (long id : g.ids()) {
            ids.add(id);
        }
        ArrayNode steps = root.putArray("steps");
        for (int k = 0; k < g.steps(); k++) {
            ObjectNode s = steps.addObject();
            s.put("id", g.generatedIds()[k])
                    .put("token", g.generatedTokens()[k])
                    .put("probability", g.probabilities()[k])
                    .put("entropy", g.entropies()[k])
                    .put("target_value", g.targetValues()[k]);
            ArrayNode r = s.putArray("relevance");
            for (double v : g.relevance()[k]) {
                r.add(v);
            }
        }
        return root.toPrettyString() + "\n";
    }

    static void write(Path file, GenerationAttribution g, TokenScheme scheme, String model, String contrastToken)
            throws IOException {
        SafeOutput.writeUtf8(file, render(g, scheme, model, contrastToken));
    }

    /** Whether a parsed JSON document is a saved generation. */
    static boolean isGeneration(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText(null));
    }

    /**
     * Reads a saved generation of at most {@link #MAX_BYTES}.
     *
     * @throws Lxt4jException naming the file and the field that is missing or malformed
     */
    static Saved read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new Lxt4jException(file + " is " + size + " bytes, more than the " + MAX_BYTES + " that show"
                        + " reads as one generation");
            }
            return parse(SavedResults.parse(Files.readString(file), file.toString()), file.toString());
        } catch (IOException e) {
            throw new Lxt4jException("cannot read " + file + ": " + JsonlException.reason(e), e);
        }
    }

    static Saved parse(JsonNode root, String where) {
        if (!isGeneration(root)) {
            throw new Lxt4jException(where + ": not a saved generation (expected \"format\": \"" + FORMAT + "\")");
        }
        JsonNode stepsNode = field(root, "steps", where);
        int n = stepsNode.size();
        double[][] rows = new double[n][];
        double[] p = new double[n];
        double[] h = new double[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            JsonNode s = stepsNode.get(k);
            String at = where + ": steps[" + k + "]";
            p[k] = number(s, "probability", at);
            h[k] = number(s, "entropy", at);
            v[k] = number(s, "target_value", at);
            JsonNode r = field(s, "relevance", at);
            rows[k] = new double[r.size()];
            for (int j = 0; j < rows[k].length; j++) {
                rows[k][j] = r.get(j).asDouble();
            }
        }
        JsonNode tokenNode = field(root, "tokens", where);
        JsonNode idNode = field(root, "ids", where);
        String[] tokens = new String[tokenNode.size()];
        long[] ids = new long[idNode.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = tokenNode.get(i).asText();
        }
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idNode.get(i).asLong();
        }
        JsonNode contrast = root.path("contrast");
        try {
            GenerationAttribution g = new GenerationAttribution(
                    tokens,
                    ids,
                    count(root, "prompt_length", where),
                    rows,
                    p,
                    h,
                    v,
                    contrast.isObject() ? contrast.path("id").asLong() : null,
                    Method.parse(field(root, "method", where).asText()));
            return new Saved(
                    g,
                    TokenScheme.valueOf(root.path("scheme").asText("AUTO")),
                    root.path("model").asText(""));
        } catch (IllegalArgumentException bad) {
            throw new Lxt4jException(where + ": " + bad.getMessage(), bad);
        }
    }

    private static JsonNode field(JsonNode node, String name, String where) {
        JsonNode f = node.get(name);
        if (f == null || f.isNull()) {
            throw new Lxt4jException(where + ": missing field '" + name + "'");
        }
        return f;
    }

    /** A non-negative int field, exactly: a fraction or a value past an int is refused, not truncated. */
    private static int count(JsonNode node, String name, String where) {
        JsonNode f = field(node, name, where);
        if (!f.isIntegralNumber() || !f.canConvertToInt() || f.intValue() < 0) {
            throw new Lxt4jException(
                    where + ": field '" + name + "' must be an integer in [0, " + Integer.MAX_VALUE + "], got " + f);
        }
        return f.intValue();
    }

    private static double number(JsonNode node, String name, String where) {
        JsonNode f = field(node, name, where);
        if (!f.isNumber()) {
            throw new Lxt4jException(where + ": field '" + name + "' must be a number, got " + f);
        }
        return f.asDouble();
    }
}
