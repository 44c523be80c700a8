package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** widen / widenRows equal dequantize on both backends, in float32 and float64; scope ownership. */
class WidenTest {
    private static final WeightFormat[] STORED = {
        WeightFormat.BF16, WeightFormat.F16, WeightFormat.INT8, WeightFormat.NF4, WeightFormat.FP4
    };

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of(Named.of("djl", Backends.djl()), DType.FLOAT32),
                Arguments.of(Named.of("djl", Backends.djl()), DType.FLOAT64),
                Arguments.of(Named.of("nd4j", Backends.nd4j()), DType.FLOAT32),
                Arguments.of(Named.of("nd4j", Backends.nd4j()), DType.FLOAT64));
    }

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian() * 0.05f;
        }
        return w;
    }

    private static void assertSame(float[] expected, Tensor t, DType dtype, String what) {
        assertEquals(dtype, t.dtype(), what);
        double[] got = t.toDoubleArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            if ((double) expected[i] != got[i]) {
                throw new AssertionError(what + " element " + i + ": expected " + expected[i] + ", got " + got[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void widenEqualsDequantize(Backend be, DType dtype) {
        int rows = 300; // large enough for the parallel path (300 * 256 elements)
        int cols = 256;
        float[] w = gaussian(rows * cols, 11);
        long[] ids = {5, 0, 299, 5};
        for (WeightFormat f : STORED) {
            try (StoredWeight s = StoredWeights.quantize("m.w", f, w, rows, cols);
                    TensorScope scope = TensorScope.open()) {
                float[] d = s.dequantize();
                Tensor t = s.widen(be, dtype);
                assertArrayEquals(new long[] {rows, cols}, t.shape());
                assertTrue(scope.owns(t), f + ": widened tensor belongs to the current scope");
                assertSame(d, t, dtype, f + " widen");
                float[] picked = new float[ids.length * cols];
                for (int i = 0; i < ids.length; i++) {
                    System.arraycopy(d, (int) ids[i] * cols, picked, i * cols, cols);
                }
                assertSame(picked, s.widenRows(be, dtype, ids), dtype, f + " widenRows");
                assertThrows(IndexOutOfBoundsException.class, () -> s.widenRows(be, dtype, new long[] {rows}));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backends")
    void denseWeightHandsOutItsTensor(Backend be, DType dtype) {
        float[] w = gaussian(6 * 4, 2);
        TensorScope weights = TensorScope.detached();
        Tensor resident = weights.within(() -> be.fromFloats(w, dtype, 6, 4));
        DenseWeight dw = new DenseWeight("emb", resident);
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = dw.widen(be, dtype);
            assertTrue(t == resident);
            double[] all = resident.toDoubleArray();
            double[] rows = dw.widenRows(be, dtype, new long[] {3, 1}).toDoubleArray();
            for (int c = 0; c < 4; c++) {
                assertEquals(all[3 * 4 + c], rows[c]);
                assertEquals(all[4 + c], rows[4 + c]);
            }
            assertEquals(6 * 4 * dtype.bytes(), dw.storageBytes());
        }
        assertTrue(!resident.isClosed(), "closing the use scope leaves the resident weight alone");
        dw.close();
        assertTrue(resident.isClosed());
        weights.close();
    }

    @Test
    void closedWeightRefusesWidening() {
        StoredWeight s = StoredWeights.quantize("x", WeightFormat.NF4, new float[64], 1, 64);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.widen(Backends.nd4j(), DType.FLOAT32));
    }

    @Test
    void storageBytesPerParameter() {
        int rows = 64;
        int cols = 4096;
        float[] w = gaussian(rows * cols, 5);
        double n = (double) rows * cols;
        for (WeightFormat f : STORED) {
            try (StoredWeight s = StoredWeights.quantize("w", f, w, rows, cols)) {
                double perParam = s.storageBytes() / n;
                switch (f) {
                    case NF4:
                    case FP4:
                        assertEquals(0.5625, perParam, 0.0, f.toString());
                        assertTrue(perParam <= 0.57);
                        break;
                    case INT8:
                        assertTrue(perParam <= 1.01, f + " " + perParam);
                        break;
                    default:
                        assertEquals(2.0, perParam, 0.0, f.toString());
                }
            }
        }
    }

    @Test
    void streamingFromBytesEqualsFromFloats() {
        int rows = 8;
        int cols = 128;
        float[] w = gaussian(rows * cols, 9);
        ByteBuffer f32 = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        f32.asFloatBuffer().put(w);
        for (WeightFormat f : STORED) {
            try (StoredWeight a = StoredWeights.quantize("w", f, w, rows, cols);
                    StoredWeight b = StoredWeights.quantize("w", f, f32, DType.FLOAT32, rows, cols)) {
                assertArrayEquals(a.dequantize(), b.dequantize(), f.toString());
            }
        }
        assertThrows(
                UnquantizableWeightException.class,
                () -> StoredWeights.quantize("w", WeightFormat.NF4, f32, DType.INT32, rows, cols));
        assertThrows(
                UnquantizableWeightException.class,
                () -> StoredWeights.quantize("w", WeightFormat.NF4, f32, DType.FLOAT32, rows, cols + 64));
        assertThrows(
                IllegalArgumentException.class, () -> StoredWeights.quantize("w", WeightFormat.F32, w, rows, cols));
    }

    @Test
    void halfNarrowingRoundsToNearestEven() {
        float tieDown = 1.00390625f; // 1 + 2^-8: halfway between bf16 1.0 and 1.0078125 -> even, 1.0
        float tieUp = 1.01171875f; // 1 + 3 * 2^-8: halfway between 1.0078125 and 1.015625 -> even, 1.015625
        float[] w = {tieDown, tieUp, -2.5f, 0f};
        assertArrayEquals(
                new float[] {1.0f, 1.015625f, -2.5f, 0f},
                StoredWeights.quantize("w", WeightFormat.BF16, w, 1, 4).dequantize());
        float f16Tie = 1 + 0x1p-11f; // halfway between f16 1.0 and 1 + 2^-10 -> even, 1.0
        assertArrayEquals(
                new float[] {1.0f, 65504f},
                StoredWeights.quantize("w", WeightFormat.F16, new float[] {f16Tie, 65504f}, 1, 2)
                        .dequantize());
        UnquantizableWeightException e = assertThrows(
                UnquantizableWeightException.class,
                () -> StoredWeights.quantize("big", WeightFormat.F16, new float[] {1e6f}, 1, 1));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
    }
}
