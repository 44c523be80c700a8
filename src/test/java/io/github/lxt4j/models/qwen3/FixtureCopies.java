package io.github.lxt4j.models.qwen3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Edited copies of a fixture checkpoint (config fields, tensors added, replaced or removed) for loader tests. */
public final class FixtureCopies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FixtureCopies() {}

    /** The fixture's float32 tensors, copied into memory, in file order. */
    public static Map<String, TensorData> tensors(String fixture) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(Fixtures.dir(fixture))) {
            for (String k : c.keys()) {
                TensorData d = c.read(k);
                out.put(k, TensorData.ofFloats(d.toFloats(), DType.FLOAT32, d.shape()));
            }
        }
        return out;
    }

    /** Writes {@code fixture} with its config and tensors edited into {@code dir}, and returns {@code dir}. */
    public static Path write(
            String fixture, Path dir, Consumer<ObjectNode> config, Consumer<Map<String, TensorData>> tensors) {
        try {
            Files.createDirectories(dir);
            ObjectNode json = (ObjectNode)
                    MAPPER.readTree(Fixtures.dir(fixture).resolve("config.json").toFile());
            config.accept(json);
            MAPPER.writeValue(dir.resolve("config.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, TensorData> t = tensors(fixture);
        tensors.accept(t);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), t);
        return dir;
    }

    /** {@code n} floats of {@code value}. */
    public static TensorData filled(float value, long n) {
        float[] v = new float[(int) n];
        Arrays.fill(v, value);
        return TensorData.ofFloats(v, DType.FLOAT32, n);
    }
}
