package io.github.lxt4j.models.llama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import io.github.lxt4j.testing.LastLogits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same llama-tiny weights as a sharded checkpoint, in F16 and BF16, with a v4-style config. */
class LlamaCheckpointFormatsTest {

    @TempDir
    Path tmp;

    private static final Map<String, TensorData> REF = Fixtures.reference("llama-tiny");

    private static Map<String, TensorData> weights(DType stored) {
        Map<String, TensorData> all = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.dir("llama-tiny").resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                all.put(
                        k,
                        TensorData.ofFloats(
                                f.read(k).toFloats(), stored, f.read(k).shape()));
            }
        }
        return all;
    }

    /** v4 style: rope_theta at the top level and torch_dtype instead of rope_parameters and dtype. */
    private void writeV4Config(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode)
                json.readTree(Fixtures.dir("llama-tiny").resolve("config.json").toFile());
        double theta = c.get("rope_parameters").get("rope_theta").asDouble();
        c.remove("rope_parameters");
        c.remove("dtype");
        c.put("rope_theta", theta);
        c.putNull("rope_scaling");
        c.put("torch_dtype", "bfloat16");
        Files.createDirectories(dir);
        json.writeValue(dir.resolve("config.json").toFile(), c);
    }

    private static double[] lastLogits(Path dir) {
        try (TensorScope s = TensorScope.open();
                LlamaForCausalLM m = LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32)) {
            return LastLogits.of(m, REF.get("input_ids"));
        }
    }

    @Test
    void shardedCheckpointGivesTheSameLogits() throws IOException {
        Path dir = tmp.resolve("sharded");
        writeV4Config(dir);
        Map<String, TensorData> all = weights(DType.FLOAT32);
        Map<String, TensorData> a = new LinkedHashMap<>();
        Map<String, TensorData> b = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        int i = 0;
        for (Map.Entry<String, TensorData> e : all.entrySet()) {
            String shard = i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (shard.startsWith("model-00001") ? a : b).put(e.getKey(), e.getValue());
            index.append(i > 1 ? "," : "")
                    .append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(shard)
                    .append('"');
        }
        index.append("}}");
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), a);
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), b);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
        Compare.absolute(
                "sharded logits", lastLogits(dir), REF.get("logits_last").toDoubles(), 1e-4);
    }

    @Test
    void halfPrecisionWeightsLoadIntoFloat32() throws IOException {
        for (DType stored : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            Path dir = tmp.resolve(stored.name());
            writeV4Config(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), weights(stored));
            double[] logits = lastLogits(dir);
            // rounding the weights to 11 (f16) or 8 (bf16) significant bits moves logits of magnitude ~3 a little
            Compare.absolute(
                    stored + " logits",
                    logits,
                    REF.get("logits_last").toDoubles(),
                    stored == DType.FLOAT16 ? 1e-2 : 1e-1);
            Compare.relevance(
                    stored + " logits shape", logits, REF.get("logits_last").toDoubles(), 5e-2, 0.999);
        }
    }
}
