package io.github.lxt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Recognises checkpoints that another tool has already quantized (bitsandbytes, GPTQ, AWQ, float8, ...), from
 * config.json's {@code quantization_config} and from the tensor names and dtypes of the safetensors header. lxt4j
 * loads plain float checkpoints and bitsandbytes ones (every description of those starts with
 * {@link #BITSANDBYTES}); the loader refuses the others with the description.
 */
public final class QuantizedCheckpoints {
    /** How every description of a bitsandbytes checkpoint begins (lxt4j loads those, models/bnb). */
    public static final String BITSANDBYTES = "bitsandbytes";

    private QuantizedCheckpoints() {}

    /** {@link #describe(JsonConfig, Map)} with the dtypes of {@code checkpoint}'s header. */
    public static Optional<String> describe(JsonConfig config, Checkpoint checkpoint) {
        Map<String, String> dtypes = new TreeMap<>();
        for (String key : checkpoint.keys()) {
            dtypes.put(key, SafetensorsDTypes.name(checkpoint.info(key).dtype()));
        }
        return describe(config, dtypes);
    }

    /**
     * What the checkpoint is, e.g. {@code bitsandbytes NF4 checkpoint (quantization_config: quant_method
     * bitsandbytes, bnb_4bit_quant_type nf4)}, or empty for a plain float checkpoint.
     *
     * @param config       config.json, or null when there is none
     * @param tensorDtypes tensor name to the safetensors dtype name as written in the header (F32, BF16, U8, I8, ...)
     */
    public static Optional<String> describe(JsonConfig config, Map<String, String> tensorDtypes) {
        if (config != null && config.has("quantization_config") && !config.isNull("quantization_config")) {
            return Optional.of(fromConfig(config.raw("quantization_config")));
        }
        Map<String, String> sorted = new TreeMap<>(tensorDtypes);
        for (String[] marker : MARKERS) {
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                if (e.getKey().endsWith(marker[0])) {
                    return Optional.of(marker[1] + " checkpoint (tensor " + e.getKey() + ", " + e.getValue() + ")");
                }
            }
        }
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (e.getKey().endsWith(".weight") && !isFloat(e.getValue())) {
                return Optional.of((e.getValue().startsWith("F8") ? "float8" : "integer-quantized")
                        + " checkpoint (tensor " + e.getKey() + ", " + e.getValue() + ")");
            }
        }
        return Optional.empty();
    }

    private static String fromConfig(JsonNode q) {
        String method = text(q, "quant_method");
        String what;
        if (method.isEmpty()
                && (q.path("load_in_4bit").asBoolean() || q.path("load_in_8bit").asBoolean())) {
            method = "bitsandbytes";
        }
        switch (method.toLowerCase(Locale.ROOT)) {
            case "bitsandbytes":
                if (q.path("load_in_4bit").asBoolean()) {
                    String type = text(q, "bnb_4bit_quant_type");
                    what = "bitsandbytes " + (type.isEmpty() ? "4-bit" : type.toUpperCase(Locale.ROOT));
                } else {
                    what = "bitsandbytes LLM.int8";
                }
                break;
            case "gptq":
                what = "GPTQ" + bits(q);
                break;
            case "awq":
                what = "AWQ" + bits(q);
                break;
            default:
                what = (method.isEmpty() ? "quantized" : method) + bits(q);
        }
        StringBuilder fields = new StringBuilder();
        for (String f : new String[] {"quant_method", "load_in_4bit", "load_in_8bit", "bnb_4bit_quant_type"}) {
            if (q.has(f)) {
                fields.append(fields.length() == 0 ? "" : ", ")
                        .append(f)
                        .append(' ')
                        .append(q.get(f).asText());
            }
        }
        return what + " checkpoint (config.json quantization_config: " + fields + ")";
    }

    private static String bits(JsonNode q) {
        String s = "";
        if (q.has("bits")) {
            s += " " + q.get("bits").asText() + "-bit";
        }
        if (q.has("group_size")) {
            s += ", group size " + q.get("group_size").asText();
        }
        return s;
    }

    /** Tensor-name suffixes, most specific first, and what they reveal. */
    private static final String[][] MARKERS = {
        {".quant_state.bitsandbytes__nf4", "bitsandbytes NF4"},
        {".quant_state.bitsandbytes__fp4", "bitsandbytes FP4"},
        {".weight.absmax", "bitsandbytes 4-bit"},
        {".weight.quant_map", "bitsandbytes 4-bit"},
        {".weight.nested_absmax", "bitsandbytes 4-bit"},
        {".SCB", "bitsandbytes LLM.int8"},
        {".weight_format", "bitsandbytes LLM.int8"},
        {".g_idx", "GPTQ"},
        {".qweight", "GPTQ/AWQ packed-integer"},
        {".qzeros", "GPTQ/AWQ packed-integer"},
    };

    private static boolean isFloat(String dtype) {
        return dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16") || dtype.equals("F64");
    }

    private static String text(JsonNode q, String field) {
        JsonNode n = q.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
