package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.models.openclip.ClipConfig;
import io.github.lxt4j.models.t5.T5Config;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12, item 8: config values are validated at load, and the layer count must match the checkpoint's. */
class ConfigValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path KV = Fixtures.dir("kv-retrieval");

    @TempDir
    Path tmp;

    private static JsonConfig kvConfig(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(KV.resolve("config.json").toFile());
        edit.accept(c);
        return JsonConfig.of(c, "config.json");
    }

    static Stream<Arguments> badLlamaValues() {
        return Stream.of(
                Arguments.of("num_hidden_layers", -1, "field 'num_hidden_layers' must be >= 1, found -1"),
                Arguments.of("num_hidden_layers", 0, "field 'num_hidden_layers' must be >= 1, found 0"),
                Arguments.of("num_key_value_heads", 0, "field 'num_key_value_heads' must be >= 1, found 0"),
                Arguments.of("num_attention_heads", 0, "field 'num_attention_heads' must be >= 1, found 0"),
                Arguments.of("hidden_size", -128, "field 'hidden_size' must be >= 1, found -128"),
                Arguments.of("head_dim", 0, "field 'head_dim' must be >= 1, found 0"),
                Arguments.of("max_position_embeddings", 0, "field 'max_position_embeddings' must be >= 1, found 0"),
                Arguments.of("rms_norm_eps", -1.0, "field 'rms_norm_eps' must be a finite number > 0, found -1.0"),
                Arguments.of("rms_norm_eps", Double.NaN, "field 'rms_norm_eps' must be a finite number > 0, found NaN"),
                Arguments.of("rms_norm_eps", 0.0, "field 'rms_norm_eps' must be a finite number > 0, found 0.0"),
                Arguments.of("rope_theta", -10000.0, "field 'rope_theta' must be a finite number > 0, found -10000.0"));
    }

    @ParameterizedTest
    @MethodSource("badLlamaValues")
    void llamaValuesAreValidated(String field, Number value, String expected) throws Exception {
        JsonConfig c = kvConfig(n -> {
            if (field.equals("rope_theta")) {
                ((ObjectNode) n.get("rope_parameters")).put(field, value.doubleValue());
            } else if (value instanceof Double d) {
                n.put(field, d);
            } else {
                n.put(field, value.intValue());
            }
        });
        ConfigException e = assertThrows(ConfigException.class, () -> LlamaConfig.parse(c));
        assertEquals("config.json: " + expected, e.getMessage());
    }

    @Test
    void ropeFactorsAreValidated() throws Exception {
        JsonConfig c = kvConfig(n -> n.putObject("rope_parameters")
                .put("rope_type", "linear")
                .put("rope_theta", 10000.0)
                .put("factor", -2.0));
        ConfigException e = assertThrows(ConfigException.class, () -> LlamaConfig.parse(c));
        assertTrue(e.getMessage().endsWith("field 'factor' must be a finite number > 0, found -2.0"), e.getMessage());
    }

    @Test
    void hiddenSizeMustDivideWithoutHeadDim() throws Exception {
        JsonConfig c = kvConfig(n -> {
            n.remove("head_dim");
            n.put("num_attention_heads", 3);
            n.put("num_key_value_heads", 3);
        });
        ConfigException e = assertThrows(ConfigException.class, () -> LlamaConfig.parse(c));
        assertTrue(
                e.getMessage().contains("hidden_size = 128 is not a multiple of num_attention_heads = 3"),
                e.getMessage());
    }

    @Test
    void clipHeadWidthZeroIsAConfigError() throws Exception {
        JsonConfig c = JsonConfig.of(
                JSON.readTree("{\"embed_dim\": 512, \"vision_cfg\": {\"head_width\": 0}," + " \"text_cfg\": {}}"),
                "open_clip_config.json");
        ConfigException e = assertThrows(ConfigException.class, () -> ClipConfig.parseOpenClip(c));
        assertTrue(e.getMessage().contains("field 'head_width' must be >= 1, found 0"), e.getMessage());
    }

    @Test
    void t5EpsIsValidated() throws Exception {
        JsonConfig c = JsonConfig.of(
                JSON.readTree("{\"model_type\": \"t5\", \"vocab_size\": 32," + " \"layer_norm_epsilon\": -1e-6}"),
                "t5.json");
        ConfigException e = assertThrows(ConfigException.class, () -> T5Config.parse(c));
        assertEquals("t5.json: field 'layer_norm_epsilon' must be a finite number > 0, found -1.0E-6", e.getMessage());
    }

    @Test
    void fewerLayersThanTheCheckpointIsALoadError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.copy(KV.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ObjectNode c = (ObjectNode) JSON.readTree(KV.resolve("config.json").toFile());
        c.put("num_hidden_layers", 2);
        JSON.writeValue(dir.resolve("config.json").toFile(), c);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> LlamaForCausalLM.fromPretrained(dir, Backends.byName("djl", Device.parse("cpu")), DType.FLOAT32)
                        .close());
        assertTrue(
                e.getMessage()
                        .contains("tensor(s) of layers, blocks or experts that the config does not"
                                + " describe, e.g. [model.layers.2."),
                e.getMessage());
    }
}
