package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.HalfFloats;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bf16 storage of a bf16 checkpoint keeps the memory-mapped bytes: no second copy on the heap. */
class MappedHalfWeightTest {

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void bf16CheckpointIsMappedNotCopied(@TempDir Path dir) {
        int rows = 2048;
        int cols = 4096; // 8M elements, 16 MiB of bf16
        float[] w = WidenTest.gaussian(rows * cols, 4);
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("w", TensorData.ofFloats(w, DType.BFLOAT16, rows, cols)));
        float[] first = new float[cols];
        for (int i = 0; i < cols; i++) {
            first[i] = HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(w[i]));
        }
        w = null;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            ByteBuffer bytes = f.read("w").littleEndianBytes();
            long before = usedHeap();
            StoredWeight s = StoredWeights.quantize("w", WeightFormat.BF16, bytes, DType.BFLOAT16, rows, cols);
            long grown = usedHeap() - before;
            HalfWeight h = (HalfWeight) s;
            assertTrue(h.bytes().isDirect() && h.bytes().isReadOnly(), "a view of the mapped file");
            assertTrue(h.bytes() instanceof MappedByteBuffer);
            assertEquals(2L * rows * cols, s.storageBytes());
            assertTrue(grown < (2L * rows * cols) / 8, "heap grew by " + grown + " bytes");
            try (TensorScope scope = TensorScope.open()) {
                float[] row0 = s.widenRows(Backends.nd4j(), DType.FLOAT32, new long[] {0})
                        .toFloatArray();
                for (int i = 0; i < cols; i++) {
                    assertEquals(first[i], row0[i], 0f, "element " + i);
                }
            }
            s.close();
        }
    }
}
