package io.github.lxt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A checkpoint split over several safetensors files, listed by an HF index ({@code model.safetensors.index.json},
 * whose {@code weight_map} maps each key to its shard). On open it checks that every shard exists and is valid, that
 * every listed key is in its shard, and that no key appears in two shards. Shard names must stay inside the index's
 * folder ({@link ShardPaths}).
 */
public final class ShardedCheckpoint implements Checkpoint {
    /** The index file name that HF writes next to the shards. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path index;
    private final Map<String, SafetensorsFile> shardOfKey;
    private final List<SafetensorsFile> shards;

    private ShardedCheckpoint(Path index, Map<String, SafetensorsFile> shardOfKey, List<SafetensorsFile> shards) {
        this.index = index;
        this.shardOfKey = Collections.unmodifiableMap(shardOfKey);
        this.shards = List.copyOf(shards);
    }

    /** Opens the index file {@code index} and all shards it names (headers only). */
    public static ShardedCheckpoint open(Path index) {
        return open(index, key -> false);
    }

    /** As {@link #open(Path)}, without the tensors {@code skipped} accepts (see SafetensorsFile#open). */
    public static ShardedCheckpoint open(Path index, Predicate<String> skipped) {
        JsonNode weightMap;
        try {
            weightMap = JsonConfig.read(index).object("weight_map").raw();
        } catch (ConfigException e) {
            throw new SafetensorsException("invalid checkpoint index: " + e.getMessage(), e);
        }
        Map<String, String> fileOfKey = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(index + ": weight_map['" + e.getKey()
                        + "'] must be a shard file name, found " + e.getValue().getNodeType() + " " + e.getValue());
            }
            if (!skipped.test(e.getKey())) {
                fileOfKey.put(e.getKey(), e.getValue().textValue());
            }
        }
        if (fileOfKey.isEmpty()) {
            throw new SafetensorsException(index + ": weight_map is empty; expected at least one tensor");
        }
        Path dir = index.toAbsolutePath().getParent();
        Map<String, Path> pathOf = new LinkedHashMap<>();
        Set<String> missing = new TreeSet<>();
        for (String name : new TreeSet<>(fileOfKey.values())) {
            Path shard = ShardPaths.inside(index, dir, name);
            pathOf.put(name, shard);
            if (!Files.isRegularFile(shard)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new SafetensorsException(
                    index + ": shard file(s) " + missing + " listed in weight_map not found in " + dir);
        }
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        try {
            for (String name : new TreeSet<>(fileOfKey.values())) {
                opened.put(name, SafetensorsFile.open(pathOf.get(name), skipped));
            }
            return new ShardedCheckpoint(index, link(index, fileOfKey, opened), new ArrayList<>(opened.values()));
        } catch (RuntimeException e) {
            opened.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static Map<String, SafetensorsFile> link(
            Path index, Map<String, String> fileOfKey, Map<String, SafetensorsFile> opened) {
        Map<String, String> seenIn = new HashMap<>();
        for (Map.Entry<String, SafetensorsFile> shard : opened.entrySet()) {
            for (String key : shard.getValue().keys()) {
                String other = seenIn.putIfAbsent(key, shard.getKey());
                if (other != null) {
                    throw new SafetensorsException(index + ": tensor '" + key + "' is stored in two shards, " + other
                            + " and " + shard.getKey() + "; expected exactly one");
                }
            }
        }
        Map<String, SafetensorsFile> shardOfKey = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fileOfKey.entrySet()) {
            SafetensorsFile shard = opened.get(e.getValue());
            if (!shard.contains(e.getKey())) {
                throw new SafetensorsException(index + ": weight_map lists tensor '" + e.getKey() + "' in shard "
                        + shard.path() + ", but that shard does not contain it"
                        + (seenIn.containsKey(e.getKey()) ? " (it is in " + seenIn.get(e.getKey()) + ")" : ""));
            }
            shardOfKey.put(e.getKey(), shard);
        }
        return shardOfKey;
    }

    /** The index file. */
    public Path index() {
        return index;
    }

    /** The shard file that holds {@code key}. */
    public Path shardOf(String key) {
        return shard(key).path();
    }

    @Override
    public Set<String> keys() {
        return shardOfKey.keySet();
    }

    @Override
    public boolean contains(String key) {
        return shardOfKey.containsKey(key);
    }

    @Override
    public TensorInfo info(String key) {
        return shard(key).info(key);
    }

    @Override
    public TensorData read(String key) {
        return shard(key).read(key);
    }

    @Override
    public String source() {
        return index.toString();
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() {
        return "ShardedCheckpoint[" + index + ", " + shards.size() + " shards, " + shardOfKey.size() + " tensors]";
    }

    private SafetensorsFile shard(String key) {
        SafetensorsFile shard = shardOfKey.get(key);
        if (shard == null) {
            throw new MissingTensorException(key, index.toString());
        }
        return shard;
    }
}
