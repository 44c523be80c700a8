package io.github.lxt4j.tensor.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL backend's vectorised widening ({@code DjlWeightDecoder}) equals the Java reference decode
 * ({@link StoredWeight#dequantize}, whose values the quantizer tests check against independent computations) bit for
 * bit: every finite bf16 and f16 bit pattern, nf4/fp4 with float32 and double-quantized scales, int8, rows whose
 * blocks span rows (odd and even row lengths not a multiple of 64), chunk boundaries, and codes in a read-only
 * memory-mapped file.
 */
class BackendDecodeTest {
    private static final Backend DJL = Backends.djl();

    @TempDir
    Path dir;

    private static void assertBits(float[] expected, Tensor t, String what) {
        assertEquals(DType.FLOAT32, t.dtype(), what);
        float[] got = t.toFloatArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + " element " + i + ": expected " + expected[i] + ", got " + got[i]);
            }
        }
    }

    /** Widens {@code s} whole and by rows (in an order with repeats, first and last rows) and checks both. */
    private static void check(StoredWeight s, String what) {
        long[] shape = s.shape();
        int cols = (int) shape[shape.length - 1];
        int rows = (int) (s.dequantize().length / cols);
        float[] d = s.dequantize();
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = s.widen(DJL, DType.FLOAT32);
            assertArrayEquals(shape, t.shape(), what);
            assertTrue(scope.owns(t), what + ": the widened tensor belongs to the current scope");
            assertBits(d, t, what + " widen");
            long[] ids = {rows - 1, 0, rows / 2, 1 % rows, rows - 1, rows / 3};
            float[] picked = new float[ids.length * cols];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(d, (int) ids[i] * cols, picked, i * cols, cols);
            }
            Tensor r = s.widenRows(DJL, DType.FLOAT32, ids);
            assertArrayEquals(new long[] {ids.length, cols}, r.shape(), what);
            assertBits(picked, r, what + " widenRows");
            float[] three = new float[3 * cols];
            System.arraycopy(picked, 0, three, 0, three.length);
            assertBits(three, s.widenRows(DJL, DType.FLOAT32, new long[] {ids[0], ids[1], ids[2]}), what + " 3 rows");
            Tensor f64 = s.widen(DJL, DType.FLOAT64);
            double[] wide = f64.toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                assertEquals((double) d[i], wide[i], what + " float64 element " + i);
            }
        }
    }

    /** The same checks with chunks of 4096 elements, so that whole-weight widening crosses many chunk edges. */
    private static void checkChunked(StoredWeight s, String what) {
        check(s, what);
        String old = System.getProperty("lxt4j.widenChunkElements");
        System.setProperty("lxt4j.widenChunkElements", "4096");
        try {
            check(s, what + " (chunks of 4096)");
        } finally {
            if (old == null) {
                System.clearProperty("lxt4j.widenChunkElements");
            } else {
                System.setProperty("lxt4j.widenChunkElements", old);
            }
        }
    }

    @BeforeAll
    static void useTheBackendDecoder() {
        System.setProperty("lxt4j.backendWidening", "true");
    }

    @AfterAll
    static void restoreTheJavaDecode() {
        System.clearProperty("lxt4j.backendWidening");
    }

    @Test
    void djlHasADecoderAndWideningUsesIt() {
        assertNotNull(DJL.weightDecoder());
        assertSame(DJL.weightDecoder(), DecodedWeight.decoder(DJL));
    }

    @Test
    void everyFiniteHalfBitPatternWidensExactly() {
        for (DType dt : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            int mask = dt == DType.BFLOAT16 ? 0x7F80 : 0x7C00;
            List<Short> finite = new ArrayList<>();
            for (int b = 0; b < 1 << 16; b++) {
                if ((b & mask) != mask) {
                    finite.add((short) b);
                }
            }
            int cols = 251; // odd: an odd number of values (259 rows) and of picked values (3 rows) too
            int rows = finite.size() / cols;
            ByteBuffer bytes = ByteBuffer.allocateDirect(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows * cols; i++) {
                bytes.putShort(2 * i, finite.get(i));
            }
            HalfWeight w = HalfWeight.wrap("h", dt, bytes, rows, cols);
            float[] d = w.dequantize();
            int negativeZero = finite.indexOf((short) 0x8000);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(d[negativeZero]));
            float smallest = dt == DType.BFLOAT16 ? Float.intBitsToFloat(1 << 16) : 0x1p-24f;
            assertEquals(smallest, d[1], "the reference decodes the smallest subnormal");
            checkChunked(w, dt.toString());
        }
    }

    @Test
    void fourBitAndInt8WidenExactly() {
        // 160 and 96: blocks span two rows; 33: a row starts inside a byte and 64 rows make a whole number of blocks
        int[][] shapes = {{300, 256}, {300, 160}, {128, 33}, {64, 96}, {1, 64}};
        for (int[] sh : shapes) {
            float[] w = WidenTest.gaussian(sh[0] * sh[1], sh[1]);
            w[3] = 0.9f; // an outlier, so that blocks and rows have different scales
            for (WeightFormat f : new WeightFormat[] {WeightFormat.NF4, WeightFormat.FP4, WeightFormat.INT8}) {
                try (StoredWeight s = StoredWeights.quantize("w", f, w, sh[0], sh[1])) {
                    checkChunked(s, f + " " + sh[0] + "x" + sh[1]);
                    if (s instanceof Block4Weight) {
                        Block4Weight dq = ((Block4Weight) s).withDoubleQuant();
                        assertTrue(dq.absmaxStorage() instanceof NestedAbsmax);
                        checkChunked(dq, f + " double-quant " + sh[0] + "x" + sh[1]);
                    }
                }
            }
        }
    }

    @Test
    void doubleQuantWithAPartialNestedBlock() {
        // 300 · 256 / 64 = 1200 block scales: four nested blocks of 256 and one of 176
        float[] w = WidenTest.gaussian(300 * 256, 8);
        for (int i = 0; i < w.length; i += 977) {
            w[i] *= 40; // scales that vary a lot from block to block
        }
        Block4Weight s = ((Block4Weight) StoredWeights.quantize("w", WeightFormat.NF4, w, 300, 256)).withDoubleQuant();
        assertEquals(1200, s.absmaxStorage().blocks());
        check(s, "nf4 double-quant, partial nested block");
    }

    @Test
    void codesInAReadOnlyMappedFileAreReadInPlace() throws IOException {
        int rows = 96;
        int cols = 160;
        float[] w = WidenTest.gaussian(rows * cols, 3);
        Block4Weight nf4 = (Block4Weight) StoredWeights.quantize("w", WeightFormat.NF4, w, rows, cols);
        Int8Weight int8 = (Int8Weight) StoredWeights.quantize("w", WeightFormat.INT8, w, rows, cols);
        Path file = dir.resolve("codes.bin");
        ByteBuffer packed = nf4.packedBytes();
        ByteBuffer codes = int8.codeBytes();
        ByteBuffer scales = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
        scales.asFloatBuffer().put(int8.rowAbsmax());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(new ByteBuffer[] {packed, codes, scales});
        }
        int p = rows * cols / 2;
        int c = rows * cols;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(file));
            Block4Weight mappedNf4 = StoredWeights.block4(
                    "w", WeightFormat.NF4, map.slice(0, p), BlockAbsmax.of(nf4.blockAbsmax()), rows, cols);
            Int8Weight mappedInt8 = StoredWeights.int8("w", map.slice(p, c), map.slice(p + c, 4 * rows), rows, cols);
            assertTrue(
                    mappedNf4.packedBytes().isDirect() && mappedInt8.codeBytes().isDirect());
            assertArrayEquals(nf4.dequantize(), mappedNf4.dequantize());
            assertArrayEquals(int8.dequantize(), mappedInt8.dequantize());
            checkChunked(mappedNf4, "mapped nf4");
            checkChunked(mappedInt8, "mapped int8");
        }
    }

    @Test
    void widenedValuesDoNotDependOnTheRowsAskedFor() {
        Random r = new Random(4);
        float[] w = WidenTest.gaussian(64 * 96, 12);
        try (StoredWeight s = StoredWeights.quantize("w", WeightFormat.FP4, w, 64, 96);
                TensorScope scope = TensorScope.open()) {
            float[] whole = s.widen(DJL, DType.FLOAT32).toFloatArray();
            for (int k = 0; k < 20; k++) {
                long row = r.nextInt(64);
                float[] one = s.widenRows(DJL, DType.FLOAT32, new long[] {row}).toFloatArray();
                for (int i = 0; i < 96; i++) {
                    assertEquals(whole[(int) row * 96 + i], one[i], "row " + row + " element " + i);
                }
            }
        }
    }
}
