package io.github.lxt4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.Lxt4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Issue 12: fuzzing the safetensors header parser and the sharded index with arbitrary and near-valid input; only
 * lxt4j's typed exceptions may come out (never a NullPointerException, an ArithmeticException, an OutOfMemoryError).
 */
public class ParserPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code r}; anything it throws must be an {@link Lxt4jException} with a message. */
    public static void onlyTyped(Runnable r) {
        try {
            r.run();
        } catch (Lxt4jException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        } catch (Throwable other) {
            throw new AssertionError("an untyped " + other + " came out", other);
        }
    }

    private static Path temp(byte[] content) throws IOException {
        Path f = Files.createTempFile("lxt4j-fuzz", ".safetensors");
        Files.write(f, content);
        return f;
    }

    /** Opens {@code content} as a safetensors file: only typed errors may come out. */
    private static void openAsSafetensors(byte[] content) throws IOException {
        Path f = temp(content);
        try {
            onlyTyped(() -> SafetensorsFile.open(f).close());
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 200)
    void arbitraryBytesAsASafetensorsFile(@ForAll @Size(max = 96) byte[] bytes) throws IOException {
        openAsSafetensors(bytes);
    }

    @Provide
    Arbitrary<Object> jsonValue() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.longs().between(-2, 40).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of("F32", "F64", "I64", "BF16", "F16", "BOOL", "U8", "X", "")
                        .map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.longs().between(-1, 64).list().ofMaxSize(3).map(Object.class::cast));
    }

    @Provide
    Arbitrary<ObjectNode> header() {
        Arbitrary<ObjectNode> entry = Combinators.combine(
                        jsonValue(),
                        jsonValue(),
                        jsonValue(),
                        Arbitraries.integers().between(0, 7))
                .as((dtype, shape, offsets, drop) -> {
                    ObjectNode e = JSON.createObjectNode();
                    if ((drop & 1) == 0) {
                        e.putPOJO("dtype", dtype);
                    }
                    if ((drop & 2) == 0) {
                        e.putPOJO("shape", shape);
                    }
                    if ((drop & 4) == 0) {
                        e.putPOJO("data_offsets", offsets);
                    }
                    return e;
                });
        return Combinators.combine(
                        entry.list().ofMaxSize(3),
                        Arbitraries.of("w", "b", "__metadata__", "").list().ofSize(3))
                .as((entries, names) -> {
                    ObjectNode h = JSON.createObjectNode();
                    for (int i = 0; i < entries.size(); i++) {
                        h.set(names.get(i), entries.get(i));
                    }
                    return h;
                });
    }

    @Property(tries = 300)
    void nearValidHeaders(@ForAll("header") ObjectNode header, @ForAll @Size(max = 64) byte[] data) {
        String json = header.toString();
        onlyTyped(() -> SafetensorsHeader.parse("fuzz.safetensors", json, data.length));
    }

    @Property(tries = 100)
    void nearValidFiles(
            @ForAll("header") ObjectNode header,
            @ForAll @Size(max = 64) byte[] data,
            @ForAll("lengthFields") long declared)
            throws IOException {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared == 0 ? json.length : declared).put(json).put(data);
        openAsSafetensors(b.array());
    }

    @Provide
    Arbitrary<Long> lengthFields() {
        return Arbitraries.oneOf(
                Arbitraries.just(0L), Arbitraries.longs(), Arbitraries.longs().between(0, 200));
    }

    @Provide
    Arbitrary<Object> shardName() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                                "model.safetensors",
                                "../model.safetensors",
                                "/etc/passwd",
                                "",
                                ".",
                                "..",
                                "a/../b",
                                "nul\u0000byte",
                                "sub/",
                                "x".repeat(300))
                        .map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.just(List.of("a")).map(Object.class::cast));
    }

    @Property(tries = 150)
    void shardedIndexes(
            @ForAll("shardName") Object shard,
            @ForAll("shardName") Object other,
            @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars String> keys,
            @ForAll boolean wrapInWeightMap)
            throws IOException {
        Path dir = Files.createTempDirectory("lxt4j-fuzz-index");
        try {
            SafetensorsWriter.write(
                    dir.resolve("model.safetensors"), java.util.Map.of("w", TensorData.ofFloats(new float[] {1}, 1)));
            ObjectNode index = JSON.createObjectNode();
            ObjectNode map = wrapInWeightMap ? index.putObject("weight_map") : index;
            map.putPOJO("w", shard);
            for (String k : keys) {
                map.putPOJO(k, other);
            }
            Files.writeString(dir.resolve(ShardedCheckpoint.INDEX_FILE), index.toString());
            onlyTyped(() -> ShardedCheckpoint.open(dir.resolve(ShardedCheckpoint.INDEX_FILE))
                    .close());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 150)
    void arbitraryConfigJson(@ForAll @Size(max = 64) String text) throws IOException {
        Path f = Files.createTempFile("lxt4j-fuzz", ".json");
        try {
            Files.writeString(f, text);
            onlyTyped(() -> {
                JsonConfig c = JsonConfig.read(f);
                c.optInt("num_hidden_layers", 1);
                c.optDouble("rms_norm_eps", 1e-6);
                c.optObject("rope_scaling");
            });
        } finally {
            Files.delete(f);
        }
    }
}
