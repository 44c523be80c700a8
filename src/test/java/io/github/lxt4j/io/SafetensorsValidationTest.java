package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files: each must raise SafetensorsException naming the file (and the key, where there is one). */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    /** A file with the given header text (as is, no padding) and {@code dataBytes} zero bytes of data. */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(name, h.length, h, dataBytes);
    }

    private Path raw(String name, long declaredLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private SafetensorsException fails(Path p) {
        SafetensorsException e = assertThrows(
                SafetensorsException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        return e;
    }

    private static void mentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedDataNamesTheKeyThatNoLongerFits() throws IOException {
        Path p = dir.resolve("truncated.safetensors");
        SafetensorsWriter.write(p, java.util.Map.of("weights", TensorData.ofFloats(new float[16], 4, 4)));
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 5));
        mentions(fails(p), "'weights'", "data_offsets [0, 64]", "59", "truncated");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path p = dir.resolve("short-header.safetensors");
        SafetensorsWriter.write(p, java.util.Map.of("w", TensorData.ofFloats(new float[2], 2)));
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, 20));
        mentions(fails(p), "header length");
        Files.write(p, Arrays.copyOf(all, 5));
        mentions(fails(p), "5 bytes", "too short");
    }

    @Test
    void absurdAndZeroHeaderLengthsAreRejectedWithoutAllocating() throws IOException {
        mentions(
                fails(raw("huge.safetensors", 1L << 62, "{}".getBytes(StandardCharsets.UTF_8), 0)),
                "header length 4611686018427387904",
                "invalid");
        mentions(
                fails(raw("negative.safetensors", -8, "{}".getBytes(StandardCharsets.UTF_8), 0)),
                "header length 18446744073709551608");
        mentions(fails(raw("zero.safetensors", 0, "{}".getBytes(StandardCharsets.UTF_8), 0)), "header length 0");
    }

    @Test
    void corruptHeaderJson() throws IOException {
        mentions(fails(file("bad.safetensors", "{\"w\": {\"dtype\": \"F32\", ", 0)), "not valid JSON");
        mentions(fails(file("array.safetensors", "[1, 2]", 0)), "JSON object", "ARRAY");
        mentions(fails(file("trailing.safetensors", "{} {}", 0)), "not valid JSON");
        mentions(
                fails(file(
                        "dup.safetensors",
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]},"
                                + " \"w\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]}}",
                        4)),
                "Duplicate",
                "w");
    }

    @Test
    void unknownDtypeNamesKeyAndDtype() throws IOException {
        Path p = file(
                "u8.safetensors",
                "{\"pixels\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}",
                2);
        mentions(fails(p), "'pixels'", "'F8_E4M3'", "F16, BF16, F32");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        mentions(
                fails(file(
                        "oob.safetensors",
                        "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}",
                        8)),
                "'a'",
                "[4, 12]",
                "<= 8");
        mentions(
                fails(file(
                        "reversed.safetensors",
                        "{\"b\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [8, 4]}}",
                        8)),
                "'b'",
                "[8, 4]");
        mentions(
                fails(file(
                        "neg.safetensors",
                        "{\"c\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [-4, 0]}}",
                        8)),
                "'c'");
    }

    @Test
    void shapeAndOffsetSizeMismatch() throws IOException {
        Path p = file(
                "mismatch.safetensors",
                "{\"__metadata__\": {\"format\": \"pt\"}, \"m\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 12]}}",
                16);
        mentions(fails(p), "'m'", "span 12 bytes", "expected 16", "[2, 2]");
    }

    @Test
    void malformedEntries() throws IOException {
        mentions(
                fails(file(
                        "neg-dim.safetensors",
                        "{\"n\": {\"dtype\": \"F32\", \"shape\": [-1, 2], \"data_offsets\": [0, 0]}}",
                        0)),
                "'n'",
                "negative");
        mentions(
                fails(file("no-dtype.safetensors", "{\"d\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4)),
                "'d'",
                "'dtype'",
                "nothing");
        mentions(
                fails(file("no-shape.safetensors", "{\"s\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4)),
                "'s'",
                "'shape'");
        mentions(
                fails(file(
                        "float-shape.safetensors",
                        "{\"s\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}",
                        4)),
                "'s'",
                "'shape'");
        mentions(
                fails(file("no-offsets.safetensors", "{\"o\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4)),
                "'o'",
                "'data_offsets'",
                "2 integers");
        mentions(fails(file("not-object.safetensors", "{\"x\": 3}", 0)), "'x'", "NUMBER");
        mentions(
                fails(file("bad-meta.safetensors", "{\"__metadata__\": {\"step\": 3}}", 0)),
                "__metadata__.step",
                "string");
        mentions(
                fails(file(
                        "overlap.safetensors",
                        "{\"p\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                                + " \"q\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                        8)),
                "'p'",
                "'q'",
                "overlap");
    }

    @Test
    void missingFileAndMissingKey() throws IOException {
        mentions(
                assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(dir.resolve("absent.safetensors"))),
                "absent.safetensors",
                "does not exist");
        Path p = dir.resolve("ok.safetensors");
        SafetensorsWriter.write(p, java.util.Map.of("w", TensorData.ofFloats(new float[] {1}, 1)));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> f.read("lm_head.weight"));
            mentions(e, "'lm_head.weight'", p.toString());
            assertEquals("lm_head.weight", e.key());
            assertThrows(MissingTensorException.class, () -> f.info("nope"));
        }
        SafetensorsFile closed = SafetensorsFile.open(p);
        TensorData before = closed.read("w");
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.read("w"));
        assertArrayEquals(new float[] {1}, before.toFloats(), "views stay readable after close");
    }

    @Test
    void dataSectionsAbove2GiBAreMappedPerTensor() throws IOException {
        long far = (3L << 30) - 64;
        String header = "{\"near\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"far\": {\"dtype\": \"I64\", \"shape\": [2], \"data_offsets\": [" + far + ", " + (far + 16)
                + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("sparse.safetensors");
        long dataStart = 8 + h.length;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(dataStart + (3L << 30)); // sparse: no disk blocks for the gap
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            f.write(b.array());
            f.write(h);
            f.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(1.5f)
                    .putFloat(-2f)
                    .array());
            f.seek(dataStart + far);
            f.write(ByteBuffer.allocate(16)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(42)
                    .putLong(-7)
                    .array());
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[] {1.5f, -2f}, f.read("near").toFloats());
            assertArrayEquals(new long[] {42, -7}, f.read("far").toLongs());
        }
    }

    @Test
    void aSingleTensorAbove2GiBIsAClearError() throws IOException {
        long elements = 600_000_000L;
        String header = "{\"giant\": {\"dtype\": \"F32\", \"shape\": [" + elements + "], \"data_offsets\": [0, "
                + elements * 4 + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("giant.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(8 + h.length + elements * 4);
            f.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length)
                    .array());
            f.write(h);
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(elements, f.info("giant").numel());
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> f.read("giant"));
            mentions(e, "'giant'", p.toString(), "2 GiB");
        }
    }
}
