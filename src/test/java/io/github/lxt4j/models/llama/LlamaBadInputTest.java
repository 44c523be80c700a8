package io.github.lxt4j.models.llama;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.NonFiniteWeightException;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.WeightShapeException;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets a typed exception whose message names the culprit. */
class LlamaBadInputTest {

    @TempDir
    Path tmp;

    private Path copyWithConfig(UnaryOperator<String> edit) throws IOException {
        Path src = Fixtures.dir("llama-tiny");
        Files.copy(src.resolve("model.safetensors"), tmp.resolve("model.safetensors"));
        Files.writeString(tmp.resolve("config.json"), edit.apply(Files.readString(src.resolve("config.json"))));
        return tmp;
    }

    private Path copyWithWeights(UnaryOperator<Map<String, TensorData>> edit) throws IOException {
        Path src = Fixtures.dir("llama-tiny");
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        Map<String, TensorData> all = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                all.put(k, TensorData.ofFloats(f.read(k).toFloats(), f.read(k).shape()));
            }
        }
        SafetensorsWriter.write(tmp.resolve("model.safetensors"), edit.apply(all));
        return tmp;
    }

    private static <T extends Throwable> void fails(Class<T> type, String fragment, Path dir) {
        try (TensorScope s = TensorScope.open()) {
            T e = assertThrows(
                    type,
                    () -> LlamaForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32)
                            .close());
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void missingConfig() throws IOException {
        Files.copy(Fixtures.dir("llama-tiny").resolve("model.safetensors"), tmp.resolve("model.safetensors"));
        fails(ConfigException.class, "config.json", tmp);
    }

    @Test
    void unknownModelType() throws IOException {
        fails(UnsupportedModelException.class, "gpt_neox", copyWithConfig(c -> c.replace("\"llama\"", "\"gpt_neox\"")));
    }

    @Test
    void unknownRopeType() throws IOException {
        fails(
                RopeScaling.UnsupportedRopeException.class,
                "yarn",
                copyWithConfig(c -> c.replace("\"rope_type\": \"default\"", "\"rope_type\": \"yarn\"")));
    }

    @Test
    void missingTensor() throws IOException {
        fails(MissingTensorException.class, "model.layers.1.mlp.up_proj.weight", copyWithWeights(m -> {
            m.remove("model.layers.1.mlp.up_proj.weight");
            return m;
        }));
    }

    @Test
    void shapeMismatch() throws IOException {
        fails(WeightShapeException.class, "model.norm.weight", copyWithWeights(m -> {
            m.put("model.norm.weight", TensorData.ofFloats(new float[63], 63));
            return m;
        }));
    }

    @Test
    void nanWeight() throws IOException {
        fails(NonFiniteWeightException.class, "model.layers.0.self_attn.k_proj.weight", copyWithWeights(m -> {
            TensorData k = m.get("model.layers.0.self_attn.k_proj.weight");
            float[] v = k.toFloats();
            v[7] = Float.NaN;
            m.put("model.layers.0.self_attn.k_proj.weight", TensorData.ofFloats(v, k.shape()));
            return m;
        }));
    }

    @Test
    void badRuntimeInputs() {
        try (TensorScope s = TensorScope.open();
                CausalLmExplainer ex = new CausalLmExplainer(
                        LlamaForCausalLM.fromPretrained(Fixtures.dir("kv-retrieval"), Backends.djl(), DType.FLOAT32),
                        HfTokenizer.open(Fixtures.dir("kv-retrieval")))) {
            Embedding.InvalidTokenIdException tooBig = assertThrows(
                    Embedding.InvalidTokenIdException.class,
                    () -> ex.explainIds(new long[][] {{1, 4, 51}}, null, Target.argmax(), Method.ATTNLRP, false));
            assertTrue(tooBig.getMessage().contains("51") && tooBig.getMessage().contains("[0, 51)"));
            InvalidInputException empty =
                    assertThrows(InvalidInputException.class, () -> ex.explain("   ", Target.argmax(), Method.ATTNLRP));
            assertTrue(empty.getMessage().contains("empty prompt"));
            long[][] tooLong = {new long[129]};
            SequenceTooLongException longer = assertThrows(
                    SequenceTooLongException.class,
                    () -> ex.explainIds(tooLong, null, Target.argmax(), Method.ATTNLRP, false));
            assertTrue(
                    longer.getMessage().contains("129") && longer.getMessage().contains("max_position_embeddings"));
        }
    }
}
