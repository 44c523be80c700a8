package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final Path LLAMA = Fixtures.of("llama-tiny/model.safetensors");

    @TempDir
    Path dir;

    /** Splits the llama-tiny checkpoint into two shards plus an index; returns the keys in file order. */
    private List<String> shard(Path into) throws IOException {
        Files.createDirectories(into);
        Map<String, TensorData> first = new LinkedHashMap<>();
        Map<String, TensorData> second = new LinkedHashMap<>();
        ObjectNode index = new ObjectMapper().createObjectNode();
        index.putObject("metadata").put("total_size", Files.size(LLAMA));
        ObjectNode weightMap = index.putObject("weight_map");
        List<String> keys;
        try (SafetensorsFile f = SafetensorsFile.open(LLAMA)) {
            keys = new ArrayList<>(f.keys());
            for (int i = 0; i < keys.size(); i++) {
                String shard = i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                (i % 2 == 0 ? first : second).put(keys.get(i), copy(f.read(keys.get(i))));
                weightMap.put(keys.get(i), shard);
            }
        }
        SafetensorsWriter.write(into.resolve("model-00001-of-00002.safetensors"), first, Map.of("format", "pt"));
        SafetensorsWriter.write(into.resolve("model-00002-of-00002.safetensors"), second, Map.of("format", "pt"));
        Files.writeString(into.resolve(ShardedCheckpoint.INDEX_FILE), index.toPrettyString());
        return keys;
    }

    private static TensorData copy(TensorData t) {
        ByteBuffer b = ByteBuffer.allocate((int) t.byteLength())
                .put(t.littleEndianBytes())
                .flip();
        return TensorData.ofBytes(t.dtype(), b, t.shape());
    }

    @Test
    void shardedCheckpointReadsTheSameTensorsAsTheSingleFile() throws IOException {
        List<String> keys = shard(dir);
        assertTrue(keys.size() > 4, "the fixture has enough tensors to split");
        try (Checkpoint sharded = Checkpoint.open(dir);
                Checkpoint single = Checkpoint.open(LLAMA)) {
            assertInstanceOf(ShardedCheckpoint.class, sharded);
            assertEquals(keys, new ArrayList<>(sharded.keys()));
            assertEquals(dir.resolve(ShardedCheckpoint.INDEX_FILE).toString(), sharded.source());
            for (String key : keys) {
                TensorData a = sharded.read(key);
                TensorData b = single.read(key);
                assertEquals(b.dtype(), a.dtype(), key);
                assertArrayEquals(b.shape(), a.shape(), key);
                assertArrayEquals(b.toFloats(), a.toFloats(), key);
                assertEquals(sharded.info(key).byteLength(), single.info(key).byteLength());
            }
            assertEquals(
                    dir.resolve("model-00002-of-00002.safetensors"),
                    ((ShardedCheckpoint) sharded).shardOf(keys.get(1)).toAbsolutePath());
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> sharded.read("no.such"));
            assertTrue(
                    e.getMessage().contains("'no.such'") && e.getMessage().contains(sharded.source()), e.getMessage());
            assertTrue(sharded.contains(keys.get(0)));
            assertTrue(!sharded.contains("no.such"));
        }
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        shard(dir);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(
                e.getMessage().contains("model-00002-of-00002.safetensors")
                        && e.getMessage().contains(ShardedCheckpoint.INDEX_FILE),
                e.getMessage());
    }

    @Test
    void anIndexEntryWhoseShardLacksTheKeyNamesBoth() throws IOException {
        List<String> keys = shard(dir);
        Path index = dir.resolve(ShardedCheckpoint.INDEX_FILE);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(index.toFile());
        String moved = keys.get(1);
        ((ObjectNode) json.get("weight_map")).put(moved, "model-00001-of-00002.safetensors");
        Files.writeString(index, json.toString());
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(
                e.getMessage().contains("'" + moved + "'")
                        && e.getMessage().contains("model-00001-of-00002.safetensors")
                        && e.getMessage().contains("it is in model-00002-of-00002.safetensors"),
                e.getMessage());

        ((ObjectNode) json.get("weight_map")).put("ghost.weight", "model-00001-of-00002.safetensors");
        ((ObjectNode) json.get("weight_map")).put(moved, "model-00002-of-00002.safetensors");
        Files.writeString(index, json.toString());
        e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(
                e.getMessage().contains("'ghost.weight'")
                        && e.getMessage().contains("model-00001-of-00002.safetensors"),
                e.getMessage());
    }

    @Test
    void duplicatedKeysAreRejected() throws IOException {
        List<String> keys = shard(dir);
        // the same key stored in both shards
        Path second = dir.resolve("model-00002-of-00002.safetensors");
        Map<String, TensorData> withDuplicate = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(second)) {
            for (String k : f.keys()) {
                withDuplicate.put(k, copy(f.read(k)));
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model-00001-of-00002.safetensors"))) {
            withDuplicate.put(keys.get(0), copy(f.read(keys.get(0))));
        }
        SafetensorsWriter.write(second, withDuplicate);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(
                e.getMessage().contains("'" + keys.get(0) + "'")
                        && e.getMessage().contains("two shards"),
                e.getMessage());

        // the same key twice in the index's weight_map
        Path index = dir.resolve(ShardedCheckpoint.INDEX_FILE);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"x.safetensors\", \"a\": \"y.safetensors\"}}");
        e = assertThrows(SafetensorsException.class, () -> ShardedCheckpoint.open(index));
        assertTrue(e.getMessage().contains(index.toString()) && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void malformedIndexIsNamed() throws IOException {
        Path index = dir.resolve(ShardedCheckpoint.INDEX_FILE);
        Files.writeString(index, "{\"metadata\": {}}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains(index.toString()) && e.getMessage().contains("weight_map"), e.getMessage());
        Files.writeString(index, "{\"weight_map\": {\"a\": 3}}");
        e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(index));
        assertTrue(e.getMessage().contains("weight_map['a']"), e.getMessage());
    }

    @Test
    void openPrefersIndexThenModelThenOpenClip() throws IOException {
        shard(dir);
        Files.copy(LLAMA, dir.resolve("model.safetensors"));
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertInstanceOf(ShardedCheckpoint.class, c);
        }
        Files.delete(dir.resolve(ShardedCheckpoint.INDEX_FILE));
        Files.copy(
                Fixtures.of("openclip-tiny/open_clip_model.safetensors"), dir.resolve("open_clip_model.safetensors"));
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(dir.resolve("model.safetensors").toString(), c.source());
        }
        try (Checkpoint c = Checkpoint.open(Fixtures.of("openclip-tiny"))) {
            assertTrue(c.source().endsWith("open_clip_model.safetensors"));
            assertTrue(c.contains("visual.conv1.weight"));
        }
    }

    @Test
    void openExplainsWhatItLookedFor() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(empty));
        for (String name : Checkpoint.DIRECTORY_CANDIDATES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(e.getMessage().contains(empty.toString()));
        Path text = Files.writeString(dir.resolve("weights.bin"), "x");
        e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(text));
        assertTrue(e.getMessage().contains("weights.bin") && e.getMessage().contains(".safetensors"), e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir.resolve("gone")));
        assertTrue(e.getMessage().contains("gone") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void pytorchPicklesAreNamedAndRefused() throws IOException {
        Path bin = Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b, 3, 4});
        SafetensorsException inDir = assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir));
        assertTrue(inDir.getMessage().contains("found pytorch_model.bin, a PyTorch pickle"), inDir.getMessage());
        SafetensorsException direct = assertThrows(SafetensorsException.class, () -> Checkpoint.open(bin));
        assertTrue(
                direct.getMessage().contains("is a PyTorch pickle")
                        && direct.getMessage().contains(bin.toString()),
                direct.getMessage());
    }
}
