package io.github.lxt4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** An independent, minimal safetensors parser for tests: the whole file in a heap ByteBuffer, no validation. */
final class RawSafetensors {
    final ByteBuffer bytes;
    final JsonNode header;
    final long dataStart;

    RawSafetensors(Path file) throws IOException {
        bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong(0);
        header = new ObjectMapper().readTree(new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8));
        dataStart = 8 + n;
    }

    String dtype(String key) {
        return header.get(key).get("dtype").asText();
    }

    long[] shape(String key) {
        JsonNode s = header.get(key).get("shape");
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asLong();
        }
        return out;
    }

    long begin(String key) {
        return header.get(key).get("data_offsets").get(0).asLong();
    }

    long end(String key) {
        return header.get(key).get("data_offsets").get(1).asLong();
    }

    /** Element {@code i} of {@code key}, as a double (F32, F64, I64, I32). */
    double value(String key, int i) {
        int at = (int) (dataStart + begin(key));
        switch (dtype(key)) {
            case "F32":
                return bytes.getFloat(at + 4 * i);
            case "F64":
                return bytes.getDouble(at + 8 * i);
            case "I64":
                return bytes.getLong(at + 8 * i);
            case "I32":
                return bytes.getInt(at + 4 * i);
            default:
                throw new IllegalArgumentException(dtype(key));
        }
    }
}
