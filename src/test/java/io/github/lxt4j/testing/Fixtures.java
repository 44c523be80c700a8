package io.github.lxt4j.testing;

import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The golden fixtures (copied from ../shared/fixtures into test resources) and their references. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir(String name) {
        String root = System.getProperty("lxt4j.fixtures", "src/test/resources/fixtures");
        Path p = Path.of(root, name);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixture folder missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /** All arrays of a fixture's reference.safetensors, read eagerly. */
    public static Map<String, TensorData> reference(String name) {
        Map<String, TensorData> out = new HashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir(name).resolve("reference.safetensors"))) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                out.put(k, TensorData.ofBytes(d.dtype(), copy(d.littleEndianBytes()), d.shape()));
            }
        }
        return out;
    }

    /** A decoder fixture's batch inputs: its {@code input_ids} and {@code attention_mask}. */
    public static Map<String, TensorData> decoderInputs(Map<String, TensorData> ref) {
        return Map.of("input_ids", ref.get("input_ids"), "attention_mask", ref.get("attention_mask"));
    }

    private static java.nio.ByteBuffer copy(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(b.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        c.put(b.duplicate());
        c.flip();
        return c;
    }

    public static long[][] rows(TensorData d) {
        return io.github.lxt4j.explain.BatchArrays.rows(d);
    }
}
