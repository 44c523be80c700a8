package io.github.lxt4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes safetensors files: tensors in the map's iteration order, optional string metadata, and a JSON header padded
 * with spaces to a multiple of 8 bytes. Missing folders are created; the file is written
 * under {@link SafeOutput}'s policy.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Writes {@code tensors} (use a LinkedHashMap to fix the order) to {@code file}. */
    public static void write(Path file, Map<String, TensorData> tensors) {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} and the {@code __metadata__} map {@code metadata} to {@code file}. */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        tensors.forEach((k, t) -> entries.put(k, new Entry(t.dtype(), t.shape())));
        stream(file, entries, metadata, tensors::get);
    }

    /** A tensor's dtype and shape, known before its data: what the header needs. */
    public record Entry(DType dtype, long[] shape) {
        long byteLength() {
            return Shapes.numel(shape) * dtype.bytes();
        }
    }

    /**
     * Writes a file whose header is {@code entries} (in their order) and whose data is fetched one tensor at a time
     * from {@code data}, so that no more than one tensor needs to be in memory. Each fetched tensor must match its
     * entry's dtype and shape.
     */
    public static void stream(
            Path file, Map<String, Entry> entries, Map<String, String> metadata, Function<String, TensorData> data) {
        byte[] header = header(file, entries, metadata);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SafetensorsException("cannot write " + file + ": cannot create its folder: " + e, e);
        }
        try {
            SafeOutput.write(file, os -> {
                WritableByteChannel out = Channels.newChannel(os);
                ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).put(header).flip();
                writeFully(out, prefix);
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    TensorData t = data.apply(e.getKey());
                    if (t.dtype() != e.getValue().dtype()
                            || !Arrays.equals(t.shape(), e.getValue().shape())) {
                        throw new SafetensorsException(file + ": tensor '" + e.getKey() + "' is " + t.dtype() + " "
                                + Arrays.toString(t.shape()) + ", but the header says "
                                + e.getValue().dtype() + " "
                                + Arrays.toString(e.getValue().shape()));
                    }
                    writeFully(out, t.littleEndianBytes());
                }
            });
        } catch (OutputException e) {
            throw new SafetensorsException(e.getMessage(), e);
        }
    }

    private static byte[] header(Path file, Map<String, Entry> tensors, Map<String, String> metadata) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach((k, v) -> meta.put(k, Objects.requireNonNull(v, "metadata value of " + k)));
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || SafetensorsHeader.METADATA_KEY.equals(key)) {
                throw new SafetensorsException(file + ": invalid tensor key '" + key
                        + "'; expected a non-empty name other than " + SafetensorsHeader.METADATA_KEY);
            }
            Entry t = e.getValue();
            ObjectNode entry = root.putObject(key);
            entry.put("dtype", SafetensorsDTypes.name(t.dtype()));
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.byteLength();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file + ": cannot encode header: " + e.getMessage(), e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
