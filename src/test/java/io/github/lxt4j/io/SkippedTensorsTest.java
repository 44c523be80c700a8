package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensors a loader skips (buffers that are not weights) are left out at open, whatever their dtype. */
class SkippedTensorsTest {

    private static final Predicate<String> MASKS = key -> key.endsWith(".attn.bias");

    @TempDir
    Path dir;

    /** A file with an F32 weight [2] = {1.5, -2} and a U8 causal-mask buffer [1, 1, 2, 2], as old GPT-2 saves hold. */
    private static void writeWithU8Buffer(Path file, String weight, String buffer) throws IOException {
        String header = "{\"" + weight + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," + "\"" + buffer
                + "\":{\"dtype\":\"U8\",\"shape\":[1,1,2,2],\"data_offsets\":[8,12]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1.5f).putFloat(-2f).put(new byte[] {1, 0, 1, 1});
        Files.write(file, b.array());
    }

    @Test
    void aSkippedU8BufferDoesNotRefuseTheFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        writeWithU8Buffer(file, "wte.weight", "h.0.attn.bias");
        try (Checkpoint all = Checkpoint.open(file)) { // U8 is read since bitsandbytes checkpoints need it
            assertEquals(Set.of("wte.weight", "h.0.attn.bias"), all.keys());
        }

        try (Checkpoint c = Checkpoint.open(dir, MASKS)) {
            assertEquals(Set.of("wte.weight"), c.keys());
            assertFalse(c.contains("h.0.attn.bias"));
            assertArrayEquals(new float[] {1.5f, -2f}, c.read("wte.weight").toFloats());
            assertThrows(MissingTensorException.class, () -> c.read("h.0.attn.bias"));
        }
    }

    @Test
    void shardsSkipTheSameTensorsAndTheIndexListsThemAnyway() throws IOException {
        writeWithU8Buffer(dir.resolve("model-00001-of-00002.safetensors"), "wte.weight", "h.0.attn.bias");
        writeWithU8Buffer(dir.resolve("model-00002-of-00002.safetensors"), "wpe.weight", "h.1.attn.bias");
        Files.writeString(
                dir.resolve(ShardedCheckpoint.INDEX_FILE),
                "{\"weight_map\": {"
                        + "\"wte.weight\": \"model-00001-of-00002.safetensors\","
                        + " \"h.0.attn.bias\": \"model-00001-of-00002.safetensors\","
                        + " \"wpe.weight\": \"model-00002-of-00002.safetensors\","
                        + " \"h.1.attn.bias\": \"model-00002-of-00002.safetensors\"}}");
        try (Checkpoint all = Checkpoint.open(dir)) {
            assertTrue(all.contains("h.1.attn.bias"));
        }
        try (Checkpoint c = Checkpoint.open(dir, MASKS)) {
            assertEquals(List.of("wte.weight", "wpe.weight"), List.copyOf(c.keys()));
            assertArrayEquals(new float[] {1.5f, -2f}, c.read("wpe.weight").toFloats());
            assertTrue(c.contains("wte.weight"));
        }
    }
}
