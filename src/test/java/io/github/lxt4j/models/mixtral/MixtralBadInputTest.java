package io.github.lxt4j.models.mixtral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.io.ConfigException;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.nn.Embedding;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad checkpoints and configs fail with typed exceptions that name the key or field. */
class MixtralBadInputTest {

    private static Path copyFixture(Path dir, String dropKey) throws IOException {
        Path src = Fixtures.dir("mixtral-tiny");
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            for (String k : f.keys()) {
                if (!k.equals(dropKey)) {
                    TensorData d = f.read(k);
                    tensors.put(k, TensorData.ofFloats(d.toFloats(), d.shape()));
                }
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    private static void patchConfig(Path dir, String from, String to) throws IOException {
        Path cfg = dir.resolve("config.json");
        String text = Files.readString(cfg);
        assertTrue(text.contains(from), "config.json should contain " + from);
        Files.writeString(cfg, text.replace(from, to));
    }

    @Test
    void missingExpertWeightIsNamed(@TempDir Path dir) throws IOException {
        String key = "model.layers.1.block_sparse_moe.experts.2.w3.weight";
        copyFixture(dir, key);
        try (TensorScope s = TensorScope.open()) {
            MissingExpertException e = assertThrows(
                    MissingExpertException.class,
                    () -> MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
            assertEquals(key, e.key());
            assertTrue(e.getMessage().contains("num_local_experts = 4"), e.getMessage());
        }
    }

    @Test
    void copiedCheckpointStillLoads(@TempDir Path dir) throws IOException {
        copyFixture(dir, "none");
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32)) {
            assertEquals(2, m.moeBlocks().size());
            assertEquals(4, m.moeBlocks().get(0).numExperts());
        }
    }

    @Test
    void topKAboveExpertCountIsRejected(@TempDir Path dir) throws IOException {
        copyFixture(dir, "none");
        patchConfig(dir, "\"num_experts_per_tok\": 2", "\"num_experts_per_tok\": 5");
        try (TensorScope s = TensorScope.open()) {
            ConfigException e = assertThrows(
                    ConfigException.class, () -> MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
            assertTrue(
                    e.getMessage().contains("num_experts_per_tok")
                            && e.getMessage().contains("5")
                            && e.getMessage().contains("num_local_experts = 4"),
                    e.getMessage());
        }
    }

    @Test
    void missingExpertCountIsNamed(@TempDir Path dir) throws IOException {
        copyFixture(dir, "none");
        patchConfig(dir, "\"num_local_experts\": 4,", "");
        ConfigException e = assertThrows(
                ConfigException.class, () -> MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32));
        assertTrue(e.getMessage().contains("num_local_experts"), e.getMessage());
    }

    @Test
    void llamaConfigIsNotMixtral() {
        assertThrows(
                UnsupportedModelException.class,
                () -> MixtralForCausalLM.fromPretrained(Fixtures.dir("llama-tiny"), Backends.djl(), DType.FLOAT32));
    }

    @Test
    void tokenBeyondVocabularyIsRejected() {
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM m = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT32)) {
            assertThrows(
                    Embedding.InvalidTokenIdException.class,
                    () -> m.embed(m.backend().fromLongs(new long[] {1, 320}, 1, 2)));
        }
    }

    @Test
    void v4StyleConfigLoadsToTheSameLogits(@TempDir Path dir) throws IOException {
        copyFixture(dir, "none");
        patchConfig(
                dir,
                "\"rope_parameters\": {\n    \"rope_theta\": 1000000.0,\n    \"rope_type\": \"default\"\n  },",
                "\"rope_theta\": 1000000.0,");
        patchConfig(dir, "\"dtype\": \"float32\"", "\"torch_dtype\": \"float32\"");
        try (TensorScope s = TensorScope.open();
                MixtralForCausalLM a = MixtralForCausalLM.fromPretrained(dir, Backends.djl(), DType.FLOAT32);
                MixtralForCausalLM b = MixtralForCausalLM.fromPretrained(
                        Fixtures.dir("mixtral-tiny"), Backends.djl(), DType.FLOAT32)) {
            assertEquals(1e6, a.config().rope().theta());
            long[] ids = {1, 7, 42, 99, 3};
            double[] la =
                    a.forward(a.embed(a.backend().fromLongs(ids, 1, 5))).value().toDoubleArray();
            double[] lb =
                    b.forward(b.embed(b.backend().fromLongs(ids, 1, 5))).value().toDoubleArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(lb, la, 0.0);
        }
    }
}
