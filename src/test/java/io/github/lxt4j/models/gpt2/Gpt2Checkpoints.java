package io.github.lxt4j.models.gpt2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** gpt2-tiny rewritten for tests: other key layouts, dtypes, buffers and configs (the fixture itself is untouched). */
final class Gpt2Checkpoints {
    private Gpt2Checkpoints() {}

    static Path fixture() {
        return Fixtures.dir(Gpt2FixtureTest.NAME);
    }

    /** The fixture's tensors in file order, copied as {@code stored} (F32, BF16, ...). */
    static Map<String, TensorData> weights(DType stored) {
        Map<String, TensorData> all = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(fixture().resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                all.put(
                        k,
                        TensorData.ofFloats(
                                f.read(k).toFloats(), stored, f.read(k).shape()));
            }
        }
        return all;
    }

    /** The fixture's config.json, edited. */
    static void writeConfig(Path dir, Consumer<ObjectNode> edit) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode c =
                    (ObjectNode) json.readTree(fixture().resolve("config.json").toFile());
            edit.accept(c);
            Files.createDirectories(dir);
            json.writeValue(dir.resolve("config.json").toFile(), c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder with the edited config and {@code weights} as model.safetensors. */
    static Path write(Path dir, Map<String, TensorData> weights, Consumer<ObjectNode> config) {
        writeConfig(dir, config);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
        return dir;
    }

    /** One header entry for {@link #writeRaw}: any dtype name, U8 included, with its raw little-endian bytes. */
    record Raw(String key, String dtype, long[] shape, byte[] bytes) {}

    /** A safetensors file written by hand, for dtypes lxt4j's writer has no type for (U8). */
    static void writeRaw(Path file, List<Raw> tensors) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Raw t : tensors) {
            header.append(",\"")
                    .append(t.key())
                    .append("\":{\"dtype\":\"")
                    .append(t.dtype())
                    .append("\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                header.append(i > 0 ? "," : "").append(t.shape()[i]);
            }
            header.append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(offset + t.bytes().length)
                    .append("]}");
            offset += t.bytes().length;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out =
                ByteBuffer.allocate(Math.toIntExact(8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h);
        tensors.forEach(t -> out.put(t.bytes()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.array());
    }

    /** The raw little-endian bytes of {@code t}. */
    static byte[] bytes(TensorData t) {
        ByteBuffer b = t.littleEndianBytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The batch interface's outputs (logits_last, relevances with layers) for the fixture's inputs. */
    static Map<String, TensorData> explain(Path dir, LoadOptions options, Method method) {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(Gpt2LMHeadModel.fromPretrained(dir, options), null)) {
            return ex.explainBatch(
                    Gpt2FixtureTest.inputs(), method, BatchOptions.defaults().withLayers(true));
        }
    }
}
