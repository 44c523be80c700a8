package io.github.lxt4j.models.gemma3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** gemma3-tiny's tensors and config, for checkpoints written in other layouts or with other configs. */
final class Gemma3Folders {
    static final String FIXTURE = "gemma3-tiny";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Map<String, TensorData> REF = Fixtures.reference(FIXTURE);

    private Gemma3Folders() {}

    /** The fixture's tensors, copied (key → F32 data), in file order. */
    static Map<String, TensorData> tensors() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(Fixtures.dir(FIXTURE))) {
            for (String k : c.keys()) {
                TensorData d = c.read(k);
                out.put(k, TensorData.ofFloats(d.toFloats(), d.shape()));
            }
        }
        return out;
    }

    /** The fixture's config.json as a mutable object. */
    static ObjectNode config() {
        try {
            return (ObjectNode)
                    MAPPER.readTree(Fixtures.dir(FIXTURE).resolve("config.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code dir/config.json} and {@code dir/model.safetensors}; returns {@code dir}. */
    static Path write(Path dir, ObjectNode config, Map<String, TensorData> tensors) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    /** The fixture's inputs explained by the model in {@code dir}, loaded through {@link AutoModel}. */
    static Map<String, TensorData> explain(Path dir, LoadOptions options, Method method) {
        return explain(dir, options, method, BatchOptions.defaults().withLayers(true));
    }

    /** As above, with the batch options {@code batch} (a fixed target, say). */
    static Map<String, TensorData> explain(Path dir, LoadOptions options, Method method, BatchOptions batch) {
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = Explainers.of(AutoModel.fromPretrained(dir, options), null)) {
            Map<String, TensorData> in = Fixtures.decoderInputs(REF);
            return ex.explainBatch(in, method, batch);
        }
    }
}
