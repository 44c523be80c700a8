package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prompt lines for the JSON Lines mode on the demo model, and the parsing of its result lines. */
final class JsonlData {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Six facts: the demo model answers 'figs' (token id 50), whose source is position 15. */
    static final String SIX_FACTS = DemoModel.DEFAULT_PROMPT;

    static final String TWO_FACTS = "alice likes red . bob likes blue . so bob likes";
    static final String FOUR_FACTS =
            "grace likes pink . ivan likes green . judy likes figs . oscar likes red ." + " so judy likes";
    /** The token id of 'pink' in the demo vocabulary. */
    static final long PINK = 39;

    private JsonlData() {}

    /** An ordered JSON object from alternating keys and values (a null value stays, as an explicit null). */
    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** One JSON object as a line. */
    static String line(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String... lines) {
        try {
            Files.write(file, List.of(lines), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of {@code text} parsed as JSON; a line that is not JSON fails the test. */
    static List<JsonNode> results(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            if (!l.isEmpty()) {
                try {
                    out.add(JSON.readTree(l));
                } catch (IOException e) {
                    throw new AssertionError("result line is not JSON: " + l, e);
                }
            }
        }
        return out;
    }

    static List<JsonNode> results(Path file) {
        try {
            return results(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    /** Runs {@code lxt4j explain ARGS} with {@code stdin} as standard input. */
    static CliRun withStdin(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRun.command("explain", args);
        } finally {
            System.setIn(saved);
        }
    }
}
