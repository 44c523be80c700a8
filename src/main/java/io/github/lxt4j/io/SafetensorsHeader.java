package io.github.lxt4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The parsed and validated JSON header of one safetensors file. */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** {@link #parse(String, String, long, Predicate)} keeping every tensor. */
    static SafetensorsHeader parse(String file, String json, long dataLength) {
        return parse(file, json, dataLength, key -> false);
    }

    /**
     * Parses {@code json} and checks every entry against a data section of {@code dataLength} bytes.
     *
     * @param file names the file in messages
     * @param skipped tensors left out as if the header did not list them (their dtype is not even looked at)
     */
    static SafetensorsHeader parse(String file, String json, long dataLength, Predicate<String> skipped) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file + ": header is not valid JSON: " + JsonErrors.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(
                    file + ": header must be a JSON object, found " + (root == null ? "nothing" : root.getNodeType()));
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (METADATA_KEY.equals(e.getKey())) {
                parseMetadata(file, e.getValue(), metadata);
            } else if (!skipped.test(e.getKey())) {
                tensors.put(e.getKey(), parseEntry(file, e.getKey(), e.getValue(), dataLength, root));
            }
        }
        checkNoOverlap(file, tensors);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static void parseMetadata(String file, JsonNode node, Map<String, String> into) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new SafetensorsException(
                    file + ": " + METADATA_KEY + " must be an object of strings, found " + node.getNodeType());
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(file + ": " + METADATA_KEY + "." + e.getKey()
                        + " must be a string, found " + e.getValue().getNodeType() + " " + e.getValue());
            }
            into.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static TensorInfo parseEntry(String file, String key, JsonNode node, long dataLength, JsonNode root) {
        String where = file + ": tensor '" + key + "'";
        if (!node.isObject()) {
            throw new SafetensorsException(
                    where + ": expected an object with dtype, shape and data_offsets, found " + node.getNodeType());
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsException(where + ": expected a string field 'dtype', found " + describe(dtypeNode));
        }
        DType dtype = SafetensorsDTypes.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new UnsupportedDtypeException(
                    where + ": unsupported dtype '" + dtypeNode.textValue() + "'; supported: "
                            + SafetensorsDTypes.SUPPORTED,
                    dtypeNames(root));
        }
        long[] shape = longArray(where, node, "shape", -1);
        for (long d : shape) {
            if (d < 0) {
                throw new SafetensorsException(
                        where + ": shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        long[] offsets = longArray(where, node, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || begin > end || end > dataLength) {
            throw new SafetensorsException(where + ": data_offsets [" + begin + ", " + end
                    + "] out of range; expected 0 <= begin <= end <= " + dataLength
                    + " (the size of the data section; is the file truncated?)");
        }
        long numel;
        long expected;
        try {
            numel = Shapes.numel(shape);
            expected = Math.multiplyExact(numel, (long) dtype.bytes());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(where + ": shape " + Arrays.toString(shape) + " overflows a long");
        }
        if (end - begin != expected) {
            throw new SafetensorsException(where + ": data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes, expected " + expected + " (" + dtypeNode.textValue()
                    + " shape " + Arrays.toString(shape) + " = " + numel + " elements x " + dtype.bytes() + " bytes)");
        }
        return new TensorInfo(key, dtype, shape, begin, end);
    }

    /** Every tensor's dtype as written, "" where it is not a string. */
    private static Map<String, String> dtypeNames(JsonNode root) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!METADATA_KEY.equals(e.getKey())) {
                names.put(e.getKey(), e.getValue().path("dtype").asText(""));
            }
        }
        return names;
    }

    private static long[] longArray(String where, JsonNode node, String field, int requiredLength) {
        JsonNode array = node.get(field);
        String expected = requiredLength < 0 ? "an array of integers" : "an array of " + requiredLength + " integers";
        if (array == null || !array.isArray() || (requiredLength >= 0 && array.size() != requiredLength)) {
            throw new SafetensorsException(
                    where + ": expected field '" + field + "' to be " + expected + ", found " + describe(array));
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new SafetensorsException(
                        where + ": expected field '" + field + "' to be " + expected + ", found " + array);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static void checkNoOverlap(String file, Map<String, TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.removeIf(t -> t.byteLength() == 0);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo prev = sorted.get(i - 1);
            TensorInfo cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw new SafetensorsException(file + ": tensor '" + cur.name() + "' bytes [" + cur.begin() + ", "
                        + cur.end() + ") overlap tensor '" + prev.name() + "' bytes [" + prev.begin() + ", "
                        + prev.end() + ")");
            }
        }
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType() + " " + node;
    }
}
