package io.github.lxt4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.models.bnb.BnbTensors;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random weights written to disk as they are drawn: each weight the model builder asks for goes into the current
 * shard, and a shard of about {@code shardBytes} ({@link #SHARD_BYTES} in {@code bench}) is written out (safetensors,
 * in the layout of transformers + bitsandbytes for quantized weights) and its weights' storage released before the
 * next is drawn, so a model larger than the machine's memory is never held whole. {@link #finish} writes the last
 * shard and {@code model.safetensors.index.json}. The model built on these weights is only a way to enumerate them:
 * close it without using it.
 */
final class SpilledWeights implements WeightSupplier {
    static final long SHARD_BYTES = 2L << 30;

    private final RandomWeights random;
    private final Path dir;
    private final long shardBytes;
    private final List<String> shardFiles = new ArrayList<>();
    private final Map<String, Integer> shardOf = new LinkedHashMap<>();
    private final List<StoredWeight> drawn = new ArrayList<>();
    private BnbTensors shard = new BnbTensors();
    private long totalBytes;

    SpilledWeights(RandomWeights random, Path dir, long shardBytes) {
        this.random = random;
        this.dir = dir;
        this.shardBytes = shardBytes;
    }

    @Override
    public boolean contains(String key) {
        return random.contains(key);
    }

    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        Tensor t = random.load(key, shape, backend, dtype);
        float[] values = t.toFloatArray();
        shard.add(key, DType.FLOAT32, shape.clone(), () -> TensorData.ofFloats(values, shape));
        spillIfFull();
        return t;
    }

    @Override
    public StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
        StoredWeight w = random.loadStored(key, shape, format, backend);
        shard.addStored(key, w, random.storedDType(key));
        drawn.add(w);
        spillIfFull();
        return w;
    }

    @Override
    public DType storedDType(String key) {
        return random.storedDType(key);
    }

    @Override
    public String source() {
        return random.source() + " written to " + dir;
    }

    private void spillIfFull() {
        if (shard.bytes() >= shardBytes) {
            spill();
        }
    }

    private void spill() {
        if (shard.keys().isEmpty()) {
            return;
        }
        int index = shardFiles.size();
        String name = String.format("part-%05d.safetensors", index + 1);
        SafetensorsWriter.stream(dir.resolve(name), shard.entries(), Map.of("format", "pt"), shard::data);
        for (String k : shard.keys()) {
            shardOf.put(k, index);
        }
        shardFiles.add(name);
        totalBytes += shard.bytes();
        shard = new BnbTensors();
        drawn.forEach(StoredWeight::close);
        drawn.clear();
        // closed weights drop their direct buffers, which only a collection frees: without it, the spilled shards
        // would stay resident until the heap (small while drawing codes off it) happened to fill
        System.gc();
    }

    /** Writes the last shard and the index (shards renamed {@code model-0000i-of-0000n.safetensors}). */
    void finish() {
        spill();
        int n = shardFiles.size();
        List<String> finalNames = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, n);
                Files.move(dir.resolve(shardFiles.get(i)), dir.resolve(name));
                finalNames.add(name);
            }
        } catch (IOException e) {
            throw new OutputException(dir, "cannot rename a shard: " + e.getMessage(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode index = mapper.createObjectNode();
        index.putObject("metadata").put("total_size", totalBytes);
        ObjectNode map = index.putObject("weight_map");
        shardOf.forEach((k, i) -> map.put(k, finalNames.get(i)));
        Path file = dir.resolve("model.safetensors.index.json");
        try {
            SafeOutput.writeUtf8(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n");
        } catch (IOException e) {
            throw new OutputException(file, e.getMessage(), e);
        }
    }

    /** The bytes of tensor data written. */
    long totalBytes() {
        return totalBytes;
    }
}
