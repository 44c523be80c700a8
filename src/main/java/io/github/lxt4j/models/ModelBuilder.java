package io.github.lxt4j.models;

import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.QuantizedCheckpoints;
import io.github.lxt4j.io.UnsupportedDtypeException;
import io.github.lxt4j.models.bnb.BnbCheckpoint;
import io.github.lxt4j.models.bnb.BnbConfig;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What every model family does to come into being: read its config, and build on weights it owns. */
public final class ModelBuilder {
    private ModelBuilder() {}

    /**
     * Builds a model whose weights go into a fresh detached scope (the model closes it); if building fails, the
     * scope is closed here, so no native memory is left behind.
     */
    public static <M> M build(WeightSupplier weights, Backend backend, DType dtype, Function<WeightSource, M> body) {
        return build(weights, LoadOptions.of(backend, dtype), body);
    }

    /** {@link #build(WeightSupplier, Backend, DType, Function)} with the weights stored as {@code options} say. */
    public static <M> M build(WeightSupplier weights, LoadOptions options, Function<WeightSource, M> body) {
        return build(weights, options, TensorScope.detached(), body);
    }

    private static <M> M build(
            WeightSupplier weights, LoadOptions options, TensorScope scope, Function<WeightSource, M> body) {
        try {
            return body.apply(new WeightSource(
                    weights, options.backend(), options.dtype(), options.weights(), options.doubleQuant(), scope));
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
    }

    /** {@link #fromCheckpoint(Path, LoadOptions, Function)} with dense weights. */
    public static <M> M fromCheckpoint(Path path, Backend backend, DType dtype, Function<WeightSource, M> body) {
        return fromCheckpoint(path, LoadOptions.of(backend, dtype), body);
    }

    /**
     * Opens the safetensors checkpoint at {@code path} (a folder or a file) and builds on it. The checkpoint stays
     * open as long as the model lives (weights kept in the file's dtype are views of the mapped file): the model's
     * scope closes it. A checkpoint saved by transformers + bitsandbytes loads with its quantized weights as stored
     * (memory-mapped, checked against its {@code quantization_config}); one quantized by another tool (GPTQ, AWQ,
     * float8, ...) is refused.
     */
    public static <M> M fromCheckpoint(Path path, LoadOptions options, Function<WeightSource, M> body) {
        return fromCheckpoint(path, options, CheckpointLayout.AS_STORED, body);
    }

    /**
     * As {@link #fromCheckpoint(Path, LoadOptions, Function)}, reading the checkpoint through {@code layout}: the
     * tensors it skips are left out when the file is opened, and the model is built on its adapted weights.
     */
    public static <M> M fromCheckpoint(
            Path path, LoadOptions options, CheckpointLayout layout, Function<WeightSource, M> body) {
        JsonConfig config = configBeside(path);
        BnbConfig bnbConfig = BnbConfig.of(config);
        if (bnbConfig == null) {
            refuseQuantized(path, QuantizedCheckpoints.describe(config, Map.of()));
        }
        Checkpoint ckpt;
        try {
            ckpt = Checkpoint.open(path, layout::skips);
        } catch (UnsupportedDtypeException e) {
            refuseQuantized(path, QuantizedCheckpoints.describe(config, e.headerDtypes()));
            throw e;
        }
        TensorScope scope = TensorScope.detached();
        scope.resource(Checkpoint.class, () -> ckpt);
        try {
            if (bnbConfig != null) {
                bnbConfig.check(BnbCheckpoint.of(ckpt), ckpt.source());
            } else {
                refuseQuantized(path, QuantizedCheckpoints.describe(config, ckpt));
            }
            LoadMemory.check(ckpt, BnbCheckpoint.of(ckpt), options);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
        CheckpointWeights weights = new CheckpointWeights(ckpt);
        WeightSupplier adapted;
        try {
            adapted = layout.adapt(weights);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
        M model = build(adapted, options, scope, body);
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

    private static JsonConfig configBeside(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve("config.json");
        return file != null && Files.isRegularFile(file) ? JsonConfig.read(file) : null;
    }

    /** Refuses what another tool quantized; a bitsandbytes checkpoint (known from its tensors) loads. */
    private static void refuseQuantized(Path path, Optional<String> what) {
        what.filter(w -> !w.startsWith(QuantizedCheckpoints.BITSANDBYTES)).ifPresent(w -> {
            String article = "aeiouAEIOU".indexOf(w.charAt(0)) >= 0 ? " holds an " : " holds a ";
            throw new ModelLoadException(path + article + w + ": lxt4j loads float checkpoints (F32, BF16, F16)"
                    + " and bitsandbytes checkpoints, and quantizes float ones itself; load the original float"
                    + " checkpoint with --weights nf4, fp4 or int8 (LoadOptions.withWeights)");
        });
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
