package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class JsonConfigTest {
    @TempDir
    Path dir;

    private JsonConfig config(String json) throws IOException {
        return JsonConfig.read(Files.writeString(dir.resolve("config.json"), json));
    }

    private static void fails(Executable call, String... parts) {
        ConfigException e = assertThrows(ConfigException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void readsTheLlamaFixtureConfig() {
        JsonConfig c = JsonConfig.read(Fixtures.of("llama-tiny/config.json"));
        assertEquals(64, c.requireInt("hidden_size"));
        assertEquals(4, c.requireInt("num_attention_heads"));
        assertEquals(320L, c.requireLong("vocab_size"));
        assertEquals(1e-5, c.requireDouble("rms_norm_eps"));
        assertEquals("llama", c.requireString("model_type"));
        assertFalse(c.requireBoolean("tie_word_embeddings"));
        JsonConfig rope = c.object("rope_parameters");
        assertEquals(10000.0, rope.requireDouble("rope_theta"));
        assertEquals("default", rope.requireString("rope_type"));
        assertEquals(1.5, rope.optDouble("factor", 1.5));
        assertTrue(c.fieldNames().contains("architectures"));
        assertEquals("LlamaForCausalLM", c.raw("architectures").get(0).asText());
    }

    @Test
    void missingAndWrongTypedFieldsNameFileFieldAndValue() throws IOException {
        JsonConfig c = config("{\"hidden_size\": \"64\", \"eps\": 1.5, \"big\": 3000000000, \"flag\": 1,"
                + " \"rope_scaling\": {\"factor\": \"eight\"}, \"gone\": null}");
        String file = dir.resolve("config.json").toString();
        fails(() -> c.requireInt("num_layers"), file, "missing", "'num_layers'");
        fails(() -> c.requireInt("hidden_size"), file, "'hidden_size'", "integer", "string", "\"64\"");
        fails(() -> c.requireInt("eps"), "'eps'", "integer", "1.5");
        fails(() -> c.requireInt("big"), "'big'", "int range", "3000000000");
        assertEquals(3_000_000_000L, c.requireLong("big"));
        fails(() -> c.requireBoolean("flag"), "'flag'", "boolean", "number");
        fails(() -> c.requireDouble("hidden_size"), "'hidden_size'", "a number");
        fails(() -> c.object("rope_scaling").requireDouble("factor"), file, "'rope_scaling.factor'", "eight");
        fails(() -> c.object("rope_scaling").requireInt("type"), "'rope_scaling.type'", "missing");
        fails(() -> c.object("eps"), "'eps'", "an object");
        fails(() -> c.requireString("gone"), "'gone'", "null");
        fails(() -> c.requireString("eps"), "'eps'", "a string");
    }

    @Test
    void optionalGettersDefaultOnlyWhenAbsentOrNull() throws IOException {
        JsonConfig c = config("{\"a\": null, \"b\": 7, \"c\": \"x\", \"d\": true, \"e\": 2.0, \"s\": null}");
        assertEquals(5, c.optInt("a", 5));
        assertEquals(5, c.optInt("zzz", 5));
        assertEquals(7, c.optInt("b", 5));
        assertEquals(2, c.optInt("e", 5), "integral doubles are accepted as ints");
        assertEquals(7.0, c.optDouble("b", 0));
        assertEquals("x", c.optString("c", "y"));
        assertEquals("y", c.optString("s", "y"));
        assertTrue(c.optBoolean("d", false));
        assertEquals(9L, c.optLong("a", 9L));
        fails(() -> c.optInt("c", 5), "'c'", "integer", "\"x\"");
        fails(() -> c.optBoolean("b", false), "'b'", "boolean");
        assertTrue(c.has("a"));
        assertTrue(c.isNull("a"));
        assertFalse(c.isNull("b"));
        assertFalse(c.has("zzz"));
        assertFalse(c.isNull("zzz"));
        assertTrue(c.optObject("a").isEmpty());
        assertTrue(c.optObject("zzz").isEmpty());
    }

    @Test
    void lists() throws IOException {
        JsonConfig c = config("{\"mean\": [0.5, 1, -2.25], \"one\": 3, \"eos\": [1, 2], \"bad\": [1, \"x\"]}");
        assertArrayEquals(new double[] {0.5, 1, -2.25}, c.doubleList("mean"));
        assertArrayEquals(new double[] {3}, c.doubleList("one"));
        assertArrayEquals(new long[] {1, 2}, c.longList("eos"));
        assertArrayEquals(new long[] {3}, c.longList("one"));
        fails(() -> c.doubleList("bad"), "'bad[1]'", "a number", "\"x\"");
        fails(() -> c.longList("mean"), "'mean[0]'", "integer", "0.5");
        fails(() -> c.doubleList("missing"), "'missing'", "missing");
    }

    @Test
    void missingFilesAndInvalidJson() throws IOException {
        fails(() -> JsonConfig.read(dir.resolve("config.json")), "config.json not found in " + dir);
        fails(() -> config("{\"a\": 1,}"), dir.resolve("config.json").toString(), "not valid JSON");
        fails(() -> config("[1, 2]"), "config.json", "JSON object", "ARRAY");
        fails(() -> config("{\"a\": 1, \"a\": 2}"), "Duplicate", "a");
        fails(() -> config(""), "config.json");
    }

    @Test
    void pythonNanIsANumber() throws IOException {
        JsonConfig c = config("{\"x\": NaN}");
        assertTrue(Double.isNaN(c.requireDouble("x")));
        fails(() -> c.requireInt("x"), "'x'", "integer");
        assertEquals(List.of("x"), c.fieldNames());
    }
}
