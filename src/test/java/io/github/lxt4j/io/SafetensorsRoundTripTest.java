package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private static final float[] HALF_EXACT = {
        0f,
        -0f,
        1f,
        -2.5f,
        0x1.998p-4f,
        65504f,
        -65504f,
        0x1p-24f,
        0x1p-14f,
        1023.5f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY
    };
    private static final float[] BF16_EXACT = {
        0f, -0f, 1f, -2.5f, 0x1.98p-4f, 0x1.FEp127f, 0x1p-133f, 0x1p-126f, -65536f, 1.0078125f, Float.POSITIVE_INFINITY
    };

    private Path write(Map<String, TensorData> tensors, Map<String, String> metadata) {
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, tensors, metadata);
        return file;
    }

    @Test
    void floatsRoundTripExactlyInEveryFloatingDtype() {
        float[] f32 = {1.5f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, -3.1415927f, Float.NaN};
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("f32", TensorData.ofFloats(f32, 2, 3));
        t.put("f64", TensorData.ofDoubles(new double[] {Math.PI, -1e-300, Double.MAX_VALUE, 0.1}, 4));
        t.put("f16", TensorData.ofFloats(HALF_EXACT, DType.FLOAT16, 3, 4));
        t.put("bf16", TensorData.ofFloats(BF16_EXACT, DType.BFLOAT16, 11));
        Path file = write(t, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("f32", "f64", "f16", "bf16"), List.copyOf(f.keys()));
            assertArrayEquals(f32, f.read("f32").toFloats());
            assertArrayEquals(new long[] {2, 3}, f.read("f32").shape());
            assertArrayEquals(
                    new double[] {Math.PI, -1e-300, Double.MAX_VALUE, 0.1},
                    f.read("f64").toDoubles());
            assertEquals(DType.FLOAT16, f.read("f16").dtype());
            assertArrayEquals(HALF_EXACT, f.read("f16").toFloats());
            assertArrayEquals(new long[] {3, 4}, f.read("f16").shape());
            assertEquals(DType.BFLOAT16, f.read("bf16").dtype());
            assertArrayEquals(BF16_EXACT, f.read("bf16").toFloats());
            assertEquals(24, f.info("f16").byteLength());
        }
    }

    @Test
    void streamedTensorsAreFetchedOneAtATimeInHeaderOrderAndMustMatchTheirEntries() {
        Map<String, SafetensorsWriter.Entry> entries = new LinkedHashMap<>();
        entries.put("b", new SafetensorsWriter.Entry(DType.FLOAT32, new long[] {2}));
        entries.put("a", new SafetensorsWriter.Entry(DType.INT64, new long[] {1, 3}));
        List<String> fetched = new java.util.ArrayList<>();
        Path file = dir.resolve("s.safetensors");
        SafetensorsWriter.stream(file, entries, Map.of("k", "v"), key -> {
            fetched.add(key);
            return key.equals("b")
                    ? TensorData.ofFloats(new float[] {1.5f, -2f}, 2)
                    : TensorData.ofLongs(new long[] {7, 8, 9}, 1, 3);
        });
        assertEquals(List.of("b", "a"), fetched);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("b", "a"), List.copyOf(f.keys()));
            assertArrayEquals(new float[] {1.5f, -2f}, f.read("b").toFloats());
            assertArrayEquals(new long[] {7, 8, 9}, f.read("a").toLongs());
        }
        Path bad = dir.resolve("bad.safetensors");
        SafetensorsException e = assertThrows(
                SafetensorsException.class,
                () -> SafetensorsWriter.stream(
                        bad, entries, Map.of(), key -> TensorData.ofFloats(new float[] {1f, 2f, 3f}, 3)));
        assertTrue(
                e.getMessage().contains("tensor 'b' is FLOAT32 [3], but the header says FLOAT32 [2]"), e.getMessage());
        assertTrue(!Files.exists(bad), "a failed write leaves no file behind");
    }

    @Test
    void integersRoundTripExactly() {
        long[] i64 = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 1L << 53};
        long[] i32 = {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE};
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("i64", TensorData.ofLongs(i64, 3, 2));
        t.put("i32", TensorData.ofLongs(i32, DType.INT32, 4));
        Path file = write(t, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(DType.INT64, f.read("i64").dtype());
            assertArrayEquals(i64, f.read("i64").toLongs());
            assertEquals(DType.INT32, f.read("i32").dtype());
            assertArrayEquals(i32, f.read("i32").toLongs());
            assertArrayEquals(
                    new double[] {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE},
                    f.read("i32").toDoubles());
        }
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofLongs(new long[] {1L << 40}, DType.INT32, 1));
    }

    @Test
    void metadataScalarsAndEmptyTensorsRoundTrip() throws Exception {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("scalar", TensorData.ofDoubles(new double[] {2.25}));
        t.put("empty", TensorData.ofFloats(new float[0], 0, 5));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "ünïcødé ✓");
        Path file = write(t, meta);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(meta, f.metadata());
            assertArrayEquals(new long[0], f.read("scalar").shape());
            assertEquals(1, f.read("scalar").numel());
            assertArrayEquals(new double[] {2.25}, f.read("scalar").toDoubles());
            assertEquals(0, f.read("empty").numel());
            assertEquals(0, f.read("empty").toFloats().length);
        }
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = raw.getLong(0);
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        String header = new String(raw.array(), 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}"), header);
        assertTrue(header.length() - json.length() < 8, "at most 7 spaces of padding");
        assertEquals(8 + headerLength + 8, Files.size(file), "header plus one F64 scalar");
    }

    @Test
    void writtenFilesParseWithTheIndependentReader() throws Exception {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("b", TensorData.ofFloats(new float[] {1, 2, 3}, 3));
        t.put("a", TensorData.ofLongs(new long[] {7, 8}, 1, 2));
        Path file = write(t, Map.of());
        RawSafetensors raw = new RawSafetensors(file);
        assertEquals("F32", raw.dtype("b"));
        assertEquals("I64", raw.dtype("a"));
        assertEquals(0, raw.begin("b"));
        assertEquals(12, raw.end("b"));
        assertEquals(12, raw.begin("a"));
        assertEquals(8.0, raw.value("a", 1));
        assertEquals(3.0, raw.value("b", 2));
        assertTrue(raw.header.fieldNames().next().equals("b"), "insertion order kept");
    }

    @Test
    void littleEndianBytesIsAReadOnlyCopyableView() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("x", TensorData.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
        Path file = write(t, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            ByteBuffer b = f.read("x").littleEndianBytes();
            assertTrue(b.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
            assertEquals(16, b.remaining());
            assertEquals(3f, b.getFloat(8));
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> b.putFloat(0, 9f));
            TensorData copy = TensorData.ofBytes(DType.FLOAT32, b, 4);
            assertArrayEquals(new float[] {1, 2, 3, 4}, copy.toFloats());
        }
    }

    @Test
    void writingReplacesAnExistingFile() {
        Path file = write(Map.of("a", TensorData.ofFloats(new float[] {1}, 1)), Map.of());
        SafetensorsWriter.write(file, Map.of("b", TensorData.ofFloats(new float[] {2, 3}, 2)));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("b"), List.copyOf(f.keys()));
        }
    }

    @Test
    void rejectsBadKeysAndShapeMismatches() {
        assertThrows(
                SafetensorsException.class,
                () -> SafetensorsWriter.write(
                        dir.resolve("m.safetensors"), Map.of("__metadata__", TensorData.ofFloats(new float[] {1}, 1))));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.ofFloats(new float[] {1}, DType.INT64, 1));
    }

    @Test
    void conversionsRefuseToLoseInformation() {
        TensorData frac = TensorData.ofFloats(new float[] {1f, 2.5f}, 2);
        SafetensorsException e = assertThrows(SafetensorsException.class, frac::toLongs);
        assertTrue(e.getMessage().contains("2.5") && e.getMessage().contains("index 1"), e.getMessage());
        assertArrayEquals(
                new long[] {3, -4},
                TensorData.ofDoubles(new double[] {3, -4}, 2).toLongs());
        assertThrows(
                SafetensorsException.class,
                () -> TensorData.ofDoubles(new double[] {Double.NaN}, 1).toLongs());
        assertThrows(
                SafetensorsException.class,
                () -> TensorData.ofDoubles(new double[] {0x1p63}, 1).toLongs());
        TensorData big = TensorData.ofLongs(new long[] {(1 << 24) + 1}, 1);
        assertThrows(SafetensorsException.class, big::toFloats);
        assertArrayEquals(new double[] {(1 << 24) + 1}, big.toDoubles());
        assertThrows(SafetensorsException.class, TensorData.ofLongs(new long[] {Long.MAX_VALUE}, 1)::toDoubles);
        assertArrayEquals(
                new float[] {0.1f}, TensorData.ofDoubles(new double[] {0.1}, 1).toFloats());
    }
}
