package io.github.lxt4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Copies of the kv-retrieval model folder with one thing broken, for the hardening tests. */
public final class KvFolder {
    public static final Path SOURCE = Fixtures.dir("kv-retrieval");

    private KvFolder() {}

    /** A copy in {@code dir} whose config.json is edited by {@code edit}. */
    public static Path withConfig(Path dir, Consumer<ObjectNode> edit) {
        try {
            Files.createDirectories(dir);
            for (String f : new String[] {"model.safetensors", "tokenizer.json", "tokenizer_config.json"}) {
                Files.copy(SOURCE.resolve(f), dir.resolve(f));
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode config =
                    (ObjectNode) json.readTree(SOURCE.resolve("config.json").toFile());
            edit.accept(config);
            json.writeValue(dir.resolve("config.json").toFile(), config);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy whose float weights {@code keys} are multiplied by {@code factor}. */
    public static Path withScaledWeights(Path dir, double factor, String... keys) {
        withConfig(dir, c -> {});
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(SOURCE.resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                if (java.util.Arrays.asList(keys).contains(k)) {
                    double[] v = d.toDoubles();
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= factor;
                    }
                    d = TensorData.ofDoubles(v, d.dtype(), d.shape());
                } else {
                    d = TensorData.ofDoubles(d.toDoubles(), d.dtype(), d.shape());
                }
                tensors.put(k, d);
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }
}
