package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** What every model family does to come into being: read its config, and build on weights it owns. */
public final class ModelBuilder {
    private ModelBuilder() {
    }

    /**
     * Builds a model whose weights go into a fresh detached scope (the model closes it); if building fails, the
     * scope is closed here, so no native memory is left behind.
     */
    public static <M> M build(WeightSupplier weights, Backend backend, DType dtype, Function<WeightSource, M> body) {
        TensorScope scope = TensorScope.detached();
        try {
            return body.apply(new WeightSource(weights, backend, dtype, scope));
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
    }

    /** Opens the safetensors checkpoint at {@code path} (a folder or a file) for the duration of the build. */
    public static <M> M fromCheckpoint(Path path, Backend backend, DType dtype, Function<WeightSource, M> body) {
        try (Checkpoint ckpt = Checkpoint.open(path)) {
            CheckpointWeights weights = new CheckpointWeights(ckpt);
            M model = build(weights, backend, dtype, body);
            try {
                weights.checkAllUsed();
            } catch (RuntimeException e) {
                if (model instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
            return model;
        }
    }

    /** {@code dir/config.json}, or a {@link ConfigException} naming the folder. */
    public static JsonConfig readConfig(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config.json not found in " + dir);
        }
        return JsonConfig.read(file);
    }
}
