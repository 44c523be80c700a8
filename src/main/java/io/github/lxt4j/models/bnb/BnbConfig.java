package io.github.lxt4j.models.bnb;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * config.json's {@code quantization_config} for bitsandbytes, as transformers' {@code BitsAndBytesConfig.to_dict()}
 * writes it, checked against what the file holds: the file says which tensors are quantized and how; the config
 * must agree ({@code load_in_4bit} / {@code load_in_8bit}, {@code bnb_4bit_quant_type},
 * {@code bnb_4bit_use_double_quant}, {@code llm_int8_skip_modules}, {@code bnb_4bit_compute_dtype}).
 */
public record BnbConfig(
        boolean fourBit,
        boolean eightBit,
        String quantType,
        Boolean doubleQuant,
        List<String> skipModules,
        String computeDtype) {

    private static final Set<String> DTYPES = Set.of("float32", "float16", "bfloat16");

    /** The bitsandbytes quantization config of {@code config}, or null when it has none (or another method). */
    public static BnbConfig of(JsonConfig config) {
        if (config == null || !config.has("quantization_config") || config.isNull("quantization_config")) {
            return null;
        }
        JsonNode q = config.raw("quantization_config");
        String method = q.path("quant_method").asText("");
        boolean four = q.path("load_in_4bit").asBoolean(false);
        boolean eight = q.path("load_in_8bit").asBoolean(false);
        if (!method.equalsIgnoreCase("bitsandbytes") && !(method.isEmpty() && (four || eight))) {
            return null;
        }
        String source = config.source() + ": quantization_config";
        if (four == eight) {
            throw new ModelLoadException(source + " must set exactly one of load_in_4bit and load_in_8bit, found "
                    + "load_in_4bit " + four + ", load_in_8bit " + eight);
        }
        String type = q.path("bnb_4bit_quant_type").asText("fp4").toLowerCase(Locale.ROOT);
        if (four && !type.equals("nf4") && !type.equals("fp4")) {
            throw new ModelLoadException(source + ".bnb_4bit_quant_type is '" + type + "'; expected nf4 or fp4");
        }
        JsonNode dq = q.get("bnb_4bit_use_double_quant");
        List<String> skip = new ArrayList<>();
        JsonNode s = q.get("llm_int8_skip_modules");
        if (s != null && !s.isNull()) {
            if (s.isTextual()) {
                skip.add(s.textValue());
            } else if (s.isArray()) {
                s.forEach(n -> skip.add(n.asText()));
            } else {
                throw new ModelLoadException(
                        source + ".llm_int8_skip_modules must be a list of module names, found " + s);
            }
        }
        String compute = q.path("bnb_4bit_compute_dtype").asText("float32").replace("torch.", "");
        if (four && !DTYPES.contains(compute)) {
            throw new ModelLoadException(
                    source + ".bnb_4bit_compute_dtype is '" + compute + "'; expected one of " + DTYPES);
        }
        return new BnbConfig(
                four, eight, type, dq == null || dq.isNull() ? null : dq.asBoolean(), List.copyOf(skip), compute);
    }

    /**
     * Checks that {@code file} holds what this config declares: weights of its kind (and no other), of its quant
     * type and double quantization, none in a skipped module.
     *
     * @throws ModelLoadException naming the checkpoint, the tensor and both values
     */
    public void check(BnbCheckpoint file, String source) {
        String what = fourBit ? "4-bit " + quantType : "LLM.int8";
        if (file.isEmpty()) {
            throw new ModelLoadException(source + ": config.json declares a bitsandbytes " + what + " checkpoint"
                    + " (quantization_config), but no tensor of the file is quantized by bitsandbytes");
        }
        List<String> wrongKind = fourBit ? file.int8Weights() : file.fourBitWeights();
        if (!wrongKind.isEmpty()) {
            throw new ModelLoadException(source + ": config.json declares bitsandbytes " + what + ", but tensor '"
                    + wrongKind.get(0) + "' is stored " + (fourBit ? "as LLM.int8" : "in 4 bits"));
        }
        for (String k : fourBit ? file.fourBitWeights() : file.int8Weights()) {
            if (fourBit && !file.fourBitType(k).cliName().equals(quantType)) {
                throw new ModelLoadException(source + ": tensor '" + k + "' is " + file.fourBitType(k)
                        + ", but quantization_config.bnb_4bit_quant_type is " + quantType);
            }
            if (fourBit && doubleQuant != null && file.isNested(k) != doubleQuant) {
                throw new ModelLoadException(source + ": tensor '" + k + "' is " + (file.isNested(k) ? "" : "not ")
                        + "double-quantized, but quantization_config.bnb_4bit_use_double_quant is " + doubleQuant);
            }
            String module = k.substring(0, k.length() - ".weight".length());
            for (String skip : skipModules) {
                if (module.equals(skip) || module.endsWith("." + skip) || module.contains(skip + ".")) {
                    throw new ModelLoadException(source + ": tensor '" + k + "' is quantized, but its module is in"
                            + " quantization_config.llm_int8_skip_modules (" + skip + ")");
                }
            }
        }
    }

    /** The storage format of this config's quantized weights. */
    public WeightFormat format() {
        return eightBit ? WeightFormat.INT8 : WeightFormat.parse(quantType);
    }
}
