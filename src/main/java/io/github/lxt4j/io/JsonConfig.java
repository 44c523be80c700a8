package io.github.lxt4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON object read from a config file, with typed getters. A missing field or one of the wrong type raises
 * {@link ConfigException} naming the file, the field's full path (such as {@code rope_scaling.factor}) and what was
 * found. The {@code opt*} getters return the default when the field is absent or JSON {@code null}, but still reject
 * a value of the wrong type.
 */
public final class JsonConfig {
    private final JsonNode node;
    private final String source;
    private final String prefix;

    private JsonConfig(JsonNode node, String source, String prefix) {
        this.node = node;
        this.source = source;
        this.prefix = prefix;
    }

    /** Reads a JSON object from {@code file}. */
    public static JsonConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            Path dir = file.toAbsolutePath().getParent();
            throw new ConfigException(file.getFileName() + " not found in " + dir);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid JSON: " + JsonErrors.describe(e), e);
        }
        return of(root, file.toString());
    }

    /** Wraps an already parsed JSON object; {@code source} names it in messages. */
    public static JsonConfig of(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a JSON object, found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType()));
        }
        return new JsonConfig(root, source, "");
    }

    /** The file (or other source) this config came from. */
    public String source() {
        return source;
    }

    /** The JSON object itself. */
    public JsonNode raw() {
        return node;
    }

    /** The field's node, or a {@link MissingNode} when absent. */
    public JsonNode raw(String field) {
        return node.path(field);
    }

    /** The field names of this object, in file order. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Whether the field is present, even if its value is {@code null}. */
    public boolean has(String field) {
        return node.has(field);
    }

    /** Whether the field is present with the value {@code null}. */
    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    public int requireInt(String field) {
        return asInt(field, require(field));
    }

    public long requireLong(String field) {
        return asLong(field, require(field));
    }

    public double requireDouble(String field) {
        return asDouble(field, require(field));
    }

    public String requireString(String field) {
        return asString(field, require(field));
    }

    public boolean requireBoolean(String field) {
        return asBoolean(field, require(field));
    }

    public int optInt(String field, int defaultValue) {
        return absent(field) ? defaultValue : asInt(field, node.get(field));
    }

    public long optLong(String field, long defaultValue) {
        return absent(field) ? defaultValue : asLong(field, node.get(field));
    }

    public double optDouble(String field, double defaultValue) {
        return absent(field) ? defaultValue : asDouble(field, node.get(field));
    }

    public String optString(String field, String defaultValue) {
        return absent(field) ? defaultValue : asString(field, node.get(field));
    }

    public boolean optBoolean(String field, boolean defaultValue) {
        return absent(field) ? defaultValue : asBoolean(field, node.get(field));
    }

    /** The nested object {@code field}; its messages name fields as {@code field.sub}. */
    public JsonConfig object(String field) {
        JsonNode v = require(field);
        if (!v.isObject()) {
            throw wrongType(field, "an object", v);
        }
        return new JsonConfig(v, source, path(field) + ".");
    }

    /** The nested object {@code field}, or empty when it is absent or {@code null}. */
    public Optional<JsonConfig> optObject(String field) {
        return absent(field) ? Optional.empty() : Optional.of(object(field));
    }

    /** An array of numbers; a single number is also accepted, as a list of one. */
    public double[] doubleList(String field) {
        JsonNode v = require(field);
        if (v.isNumber()) {
            return new double[] {v.doubleValue()};
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of numbers", v);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asDouble(field + "[" + i + "]", v.get(i));
        }
        return out;
    }

    /** An array of integers; a single integer is also accepted, as a list of one. */
    public long[] longList(String field) {
        JsonNode v = require(field);
        if (v.isNumber()) {
            return new long[] {asLong(field, v)};
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of integers", v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(field + "[" + i + "]", v.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return source + (prefix.isEmpty() ? "" : " (" + prefix.substring(0, prefix.length() - 1) + ")");
    }

    private boolean absent(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull();
    }

    private JsonNode require(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new ConfigException(source + ": missing required field '" + path(field) + "'");
        }
        if (v.isNull()) {
            throw new ConfigException(source + ": field '" + path(field) + "' is null; a value is required");
        }
        return v;
    }

    private int asInt(String field, JsonNode v) {
        long l = asLong(field, v);
        if (l != (int) l) {
            throw wrongType(field, "an integer in the int range", v);
        }
        return (int) l;
    }

    private long asLong(String field, JsonNode v) {
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw wrongType(field, "an integer", v);
        }
        return v.longValue();
    }

    private double asDouble(String field, JsonNode v) {
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        return v.doubleValue();
    }

    private String asString(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.textValue();
    }

    private boolean asBoolean(String field, JsonNode v) {
        if (!v.isBoolean()) {
            throw wrongType(field, "a boolean", v);
        }
        return v.booleanValue();
    }

    private ConfigException wrongType(String field, String expected, JsonNode found) {
        return new ConfigException(source + ": field '" + path(field) + "' must be " + expected + ", found "
                + found.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + abbreviate(found));
    }

    private String path(String field) {
        return prefix + Objects.requireNonNull(field, "field");
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
