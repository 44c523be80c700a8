package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelBuilder.fromCheckpoint through a layout: skipped buffers are not there, requests go through the adapter. */
class CheckpointLayoutTest {

    @TempDir
    Path dir;

    /** Keys under {@code base.}; skips {@code base.buffer}. */
    private static final CheckpointLayout PREFIXED = new CheckpointLayout() {
        @Override
        public boolean skips(String key) {
            return key.equals("base.buffer");
        }

        @Override
        public WeightSupplier adapt(WeightSupplier checkpoint) {
            return new WeightSupplier() {
                @Override
                public boolean contains(String key) {
                    return checkpoint.contains("base." + key);
                }

                @Override
                public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
                    return checkpoint.load("base." + key, shape, backend, dtype);
                }

                @Override
                public String source() {
                    return checkpoint.source();
                }
            };
        }
    };

    /** What a body read, with the weights' scope to close. */
    private record Read(float[] values, boolean sawBuffer, TensorScope scope) implements AutoCloseable {
        @Override
        public void close() {
            scope.close();
        }
    }

    @Test
    void theBodyAsksThroughTheAdapterAndNeverSeesSkippedTensors() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("base.w", TensorData.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("base.buffer", TensorData.ofFloats(new float[] {-1e4f}));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        LoadOptions options = LoadOptions.of(Backends.djl(), DType.FLOAT32);

        try (Read r = ModelBuilder.fromCheckpoint(
                dir, options, PREFIXED, w -> new Read(w.get("w", 2, 3).toFloatArray(), w.has("buffer"), w.scope()))) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, r.values());
            assertFalse(r.sawBuffer());
        }
        assertThrows(
                MissingTensorException.class, () -> ModelBuilder.fromCheckpoint(dir, options, w -> w.get("w", 2, 3)));
    }
}
