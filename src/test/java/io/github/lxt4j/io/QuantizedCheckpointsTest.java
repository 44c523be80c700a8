package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuantizedCheckpointsTest {
    private static final Map<String, String> PLAIN = Map.of(
            "model.embed_tokens.weight", "BF16",
            "model.layers.0.self_attn.q_proj.weight", "BF16",
            "model.layers.0.input_layernorm.weight", "F32");

    private static JsonConfig config(String json) throws Exception {
        return JsonConfig.of(Json.parse(json), "config.json");
    }

    @Test
    void plainCheckpointsAreNotFlagged() throws Exception {
        assertEquals(Optional.empty(), QuantizedCheckpoints.describe(config("{\"hidden_size\": 8}"), PLAIN));
        assertEquals(Optional.empty(), QuantizedCheckpoints.describe(null, PLAIN));
        assertEquals(Optional.empty(), QuantizedCheckpoints.describe(config("{\"quantization_config\": null}"), PLAIN));
    }

    @Test
    void configQuantizationIsNamed() throws Exception {
        assertEquals(
                "bitsandbytes NF4 checkpoint (config.json quantization_config: quant_method bitsandbytes,"
                        + " load_in_4bit true, load_in_8bit false, bnb_4bit_quant_type nf4)",
                QuantizedCheckpoints.describe(
                                config(
                                        "{\"quantization_config\": {\"quant_method\": \"bitsandbytes\","
                                                + " \"load_in_4bit\": true, \"load_in_8bit\": false, \"bnb_4bit_quant_type\": \"nf4\"}}"),
                                PLAIN)
                        .orElseThrow());
        assertTrue(QuantizedCheckpoints.describe(config("{\"quantization_config\": {\"load_in_8bit\": true}}"), PLAIN)
                .orElseThrow()
                .startsWith("bitsandbytes LLM.int8 checkpoint"));
        assertEquals(
                "GPTQ 4-bit, group size 128 checkpoint (config.json quantization_config: quant_method gptq)",
                QuantizedCheckpoints.describe(
                                config("{\"quantization_config\": {\"quant_method\": \"gptq\","
                                        + " \"bits\": 4, \"group_size\": 128}}"),
                                PLAIN)
                        .orElseThrow());
        assertTrue(QuantizedCheckpoints.describe(
                        config("{\"quantization_config\": {\"quant_method\": \"awq\"," + " \"bits\": 4}}"), PLAIN)
                .orElseThrow()
                .startsWith("AWQ 4-bit checkpoint"));
        assertTrue(
                QuantizedCheckpoints.describe(config("{\"quantization_config\": {\"quant_method\": \"fp8\"}}"), PLAIN)
                        .orElseThrow()
                        .startsWith("fp8 checkpoint"));
    }

    @Test
    void tensorNamesAndDtypesAreRecognised() {
        String q = "model.layers.0.self_attn.q_proj.weight";
        assertEquals(
                "bitsandbytes NF4 checkpoint (tensor " + q + ".quant_state.bitsandbytes__nf4, U8)",
                QuantizedCheckpoints.describe(
                                null, Map.of(q, "U8", q + ".absmax", "F32", q + ".quant_state.bitsandbytes__nf4", "U8"))
                        .orElseThrow());
        assertTrue(QuantizedCheckpoints.describe(null, Map.of(q + ".quant_state.bitsandbytes__fp4", "U8"))
                .orElseThrow()
                .startsWith("bitsandbytes FP4 checkpoint"));
        assertTrue(QuantizedCheckpoints.describe(null, Map.of(q + ".quant_map", "F32"))
                .orElseThrow()
                .startsWith("bitsandbytes 4-bit checkpoint"));
        assertTrue(QuantizedCheckpoints.describe(null, Map.of("model.layers.0.mlp.down_proj.SCB", "F32"))
                .orElseThrow()
                .startsWith("bitsandbytes LLM.int8 checkpoint"));
        assertTrue(QuantizedCheckpoints.describe(
                        null,
                        Map.of(
                                "model.layers.0.mlp.down_proj.qweight",
                                "I32",
                                "model.layers.0.mlp.down_proj.scales",
                                "F16"))
                .orElseThrow()
                .startsWith("GPTQ/AWQ"));
        assertTrue(QuantizedCheckpoints.describe(null, Map.of("model.layers.0.mlp.down_proj.g_idx", "I32"))
                .orElseThrow()
                .startsWith("GPTQ checkpoint"));
        assertEquals(
                "integer-quantized checkpoint (tensor " + q + ", I8)",
                QuantizedCheckpoints.describe(null, Map.of(q, "I8")).orElseThrow());
        assertTrue(QuantizedCheckpoints.describe(null, Map.of(q, "F8_E4M3"))
                .orElseThrow()
                .startsWith("float8"));
    }
}
