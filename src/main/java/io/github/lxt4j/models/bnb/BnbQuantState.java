package io.github.lxt4j.models.bnb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.Json;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The non-tensor part of a bitsandbytes 4-bit quant state, stored as the UTF-8 JSON bytes of the U8 tensor
 * {@code <weight>.quant_state.bitsandbytes__nf4|fp4} (bitsandbytes/functional.py {@code QuantState.as_dict(packed=
 * True)}, {@code pack_dict_to_tensor}): {@code quant_type}, {@code blocksize}, {@code dtype}, {@code shape} and, when
 * double-quantized, {@code nested_blocksize}, {@code nested_dtype} and {@code nested_offset}.
 *
 * @param nestedOffset the offset of the double quantization, NaN when the state is not nested
 */
public record BnbQuantState(
        WeightFormat quantType,
        int blocksize,
        String dtype,
        long[] shape,
        int nestedBlocksize,
        String nestedDtype,
        float nestedOffset) {

    /** The largest packed quant state read; real ones are about 200 bytes. */
    static final int MAX_BYTES = 1 << 16;

    private static final Set<String> FIELDS =
            Set.of("quant_type", "blocksize", "dtype", "shape", "nested_blocksize", "nested_dtype", "nested_offset");
    private static final Set<String> DTYPES = Set.of("float32", "float16", "bfloat16");

    /** True when the absmax values are double-quantized. */
    public boolean nested() {
        return nestedBlocksize > 0;
    }

    /** The number of elements of the original weight. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The quant type that the key suffix {@code bitsandbytes__nf4|fp4} names. */
    static WeightFormat typeOfKey(String key) {
        return key.endsWith("bitsandbytes__nf4") ? WeightFormat.NF4 : WeightFormat.FP4;
    }

    /**
     * Parses and validates the packed state of tensor {@code key} (its bytes, position to limit).
     *
     * @throws BnbFormatException naming {@code source}, {@code key} and the field
     */
    public static BnbQuantState parse(String source, String key, ByteBuffer utf8) {
        if (utf8.remaining() > MAX_BYTES) {
            throw new BnbFormatException(
                    source,
                    key,
                    "the packed quant state is " + utf8.remaining() + " bytes, more than the " + MAX_BYTES
                            + " accepted");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8.duplicate())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BnbFormatException(source, key, "the packed quant state is not UTF-8 JSON", e);
        }
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new BnbFormatException(
                    source, key, "the packed quant state is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BnbFormatException(source, key, "the packed quant state must be a JSON object, found " + text);
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new BnbFormatException(
                        source, key, "unknown quant state field '" + e.getKey() + "'; expected some of " + FIELDS);
            }
        }
        Fields f = new Fields(source, key, root);
        String type = f.text("quant_type").toLowerCase(Locale.ROOT);
        WeightFormat quantType = typeOfKey(key);
        if (!type.equals(quantType.cliName())) {
            throw new BnbFormatException(
                    source, key, "quant_type '" + type + "' disagrees with the key's " + quantType.cliName());
        }
        int blocksize = f.positiveInt("blocksize");
        String dtype = f.oneOf("dtype", DTYPES);
        long[] shape = f.shape();
        boolean nested = root.has("nested_blocksize") || root.has("nested_offset") || root.has("nested_dtype");
        int nestedBlocksize = nested ? f.positiveInt("nested_blocksize") : 0;
        String nestedDtype = nested ? f.oneOf("nested_dtype", Set.of("float32")) : null;
        float offset = nested ? f.finiteFloat("nested_offset") : Float.NaN;
        return new BnbQuantState(quantType, blocksize, dtype, shape, nestedBlocksize, nestedDtype, offset);
    }

    /**
     * The JSON text that bitsandbytes packs, with its field order and Python's {@code json.dumps} separators; the
     * offset is written as the decimal of the float32 value widened to a double, which reads back to the same float.
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quant_type", quantType.cliName());
        m.put("blocksize", blocksize);
        m.put("dtype", dtype);
        m.put("shape", shape);
        if (nested()) {
            m.put("nested_blocksize", nestedBlocksize);
            m.put("nested_dtype", nestedDtype);
            m.put("nested_offset", nestedOffset);
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ").append(jsonValue(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String jsonValue(Object v) {
        if (v instanceof String s) {
            return '"' + s + '"';
        }
        if (v instanceof long[] dims) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < dims.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(dims[i]);
            }
            return sb.append(']').toString();
        }
        if (v instanceof Float f) {
            return Double.toString(f.doubleValue());
        }
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BnbQuantState q
                && quantType == q.quantType
                && blocksize == q.blocksize
                && dtype.equals(q.dtype)
                && Arrays.equals(shape, q.shape)
                && nestedBlocksize == q.nestedBlocksize
                && Float.compare(nestedOffset, q.nestedOffset) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + quantType.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Typed field access that names the tensor and field in its errors. */
    private record Fields(String source, String key, JsonNode root) {
        JsonNode need(String field) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                throw new BnbFormatException(source, key, "the packed quant state lacks field '" + field + "'");
            }
            return n;
        }

        String text(String field) {
            JsonNode n = need(field);
            if (!n.isTextual()) {
                throw bad(field, "a string", n);
            }
            return n.textValue();
        }

        String oneOf(String field, Set<String> allowed) {
            String v = text(field);
            if (!allowed.contains(v)) {
                throw new BnbFormatException(
                        source, key, "quant state field '" + field + "' is '" + v + "'; expected one of " + allowed);
            }
            return v;
        }

        int positiveInt(String field) {
            JsonNode n = need(field);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
                throw bad(field, "a positive integer", n);
            }
            return n.intValue();
        }

        float finiteFloat(String field) {
            JsonNode n = need(field);
            if (!n.isNumber() || !Float.isFinite((float) n.doubleValue())) {
                throw bad(field, "a finite number", n);
            }
            return (float) n.doubleValue();
        }

        long[] shape() {
            JsonNode n = need("shape");
            if (!n.isArray() || n.isEmpty() || n.size() > 8) {
                throw bad("shape", "a list of 1 to 8 dimensions", n);
            }
            long[] dims = new long[n.size()];
            for (int i = 0; i < dims.length; i++) {
                JsonNode d = n.get(i);
                if (!d.isIntegralNumber()
                        || !d.canConvertToLong()
                        || d.longValue() <= 0
                        || d.longValue() > Integer.MAX_VALUE) {
                    throw bad("shape", "a list of positive dimensions", n);
                }
                dims[i] = d.longValue();
            }
            return dims;
        }

        BnbFormatException bad(String field, String expected, JsonNode found) {
            return new BnbFormatException(
                    source, key, "quant state field '" + field + "' must be " + expected + ", found " + found);
        }
    }
}
