package io.github.lxt4j.models.bnb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.DequantizedCheckpoint;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.models.PretrainedModel;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.Int8Weight;
import io.github.lxt4j.tensor.storage.NestedAbsmax;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A checkpoint written by {@code quantize --save} loads (memory-mapped) and explains exactly like the float
 * checkpoint quantized at load with the same format and double quantization.
 */
class BnbRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static LoadOptions options(WeightFormat f, boolean doubleQuant) {
        return LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(f).withDoubleQuant(doubleQuant);
    }

    private static Map<String, TensorData> explain(Path dir, LoadOptions options, String fixture) {
        Map<String, TensorData> ref = Fixtures.reference(fixture);
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = Explainers.of(AutoModel.fromPretrained(dir, options), null)) {
            return ex.explainBatch(Fixtures.decoderInputs(ref), Method.ATTNLRP, BatchOptions.defaults());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "llama-tiny,nf4,false",
        "llama-tiny,nf4,true",
        "llama-tiny,fp4,false",
        "llama-tiny,fp4,true",
        "llama-tiny,int8,false",
        "mixtral-tiny,nf4,true"
    })
    void aSavedCheckpointExplainsLikeQuantizingAtLoad(String fixture, String format, boolean doubleQuant) {
        WeightFormat f = WeightFormat.parse(format);
        Path out = tmp.resolve("saved");
        BnbWriter.Result r = BnbWriter.write(Fixtures.dir(fixture), f, doubleQuant, out, false);
        assertTrue(r.quantized() > 0);
        Map<String, TensorData> saved = explain(out, options(WeightFormat.F32, false), fixture);
        Map<String, TensorData> atLoad = explain(Fixtures.dir(fixture), options(f, doubleQuant), fixture);
        assertEquals(atLoad.keySet(), saved.keySet());
        double worst = 0;
        for (String k : atLoad.keySet()) {
            double[] a = saved.get(k).toDoubles();
            double[] b = atLoad.get(k).toDoubles();
            Compare.relevance(fixture + " " + f + " dq=" + doubleQuant + " " + k, a, b, 1e-6, 1 - 1e-6);
            worst = Math.max(worst, Compare.measure(a, b).relativeError());
        }
        System.out.printf(
                "bnb round trip %s %s double-quant %s: max relative difference %.2e%n", fixture, f, doubleQuant, worst);
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(out, options(WeightFormat.F32, false))) {
            int quantized = 0;
            for (StoredWeight w : WeightInventory.of((Module) m).values()) {
                if (w instanceof Block4Weight b) {
                    assertTrue(b.packedBytes().isDirect(), w.name() + ": codes are a view of the mapped file");
                    assertEquals(doubleQuant, b.absmaxStorage() instanceof NestedAbsmax, w.name());
                    quantized++;
                } else if (w instanceof Int8Weight q) {
                    assertTrue(q.codeBytes().isDirect(), w.name() + ": codes are a view of the mapped file");
                    quantized++;
                }
                assertEquals(w.name().contains("layers.") ? f : WeightFormat.F32, w.format(), w.name());
            }
            assertEquals(r.quantized(), quantized);
        }
    }

    @Test
    void theSavedFilesFollowTheBitsandbytesLayout() throws Exception {
        Path out = tmp.resolve("nf4-dq");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.NF4, true, out, false);
        JsonNode q = MAPPER.readTree(out.resolve("config.json").toFile()).get("quantization_config");
        assertEquals("bitsandbytes", q.get("quant_method").asText());
        assertTrue(q.get("load_in_4bit").asBoolean()
                && q.get("bnb_4bit_use_double_quant").asBoolean());
        assertEquals("nf4", q.get("bnb_4bit_quant_type").asText());
        assertTrue(
                Files.isRegularFile(out.resolve("tokenizer.json"))
                        || !Files.isRegularFile(Fixtures.dir("llama-tiny").resolve("tokenizer.json")),
                "tokenizer copied");
        String w = "model.layers.0.self_attn.q_proj.weight";
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            long hidden = JsonConfig.read(Fixtures.dir("llama-tiny").resolve("config.json"))
                    .requireLong("hidden_size");
            long[] shape = {hidden, hidden};
            long n = shape[0] * shape[1];
            assertEquals(DType.UINT8, f.info(w).dtype());
            assertEquals(java.util.List.of(n / 2, 1L), asList(f.info(w).shape()));
            assertEquals(DType.UINT8, f.info(w + ".absmax").dtype());
            assertEquals(DType.FLOAT32, f.info(w + ".nested_absmax").dtype());
            assertEquals(256, f.info(w + ".nested_quant_map").shape()[0]);
            assertEquals(16, f.info(w + ".quant_map").shape()[0]);
            JsonNode state = MAPPER.readTree(new String(
                    bytes(f.read(w + ".quant_state.bitsandbytes__nf4")), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("nf4", state.get("quant_type").asText());
            assertEquals(64, state.get("blocksize").asInt());
            assertEquals(256, state.get("nested_blocksize").asInt());
            assertEquals("float32", state.get("nested_dtype").asText());
            assertTrue(state.get("nested_offset").isNumber());
            assertEquals(shape[0], state.get("shape").get(0).asLong());
            assertTrue(
                    f.contains("model.embed_tokens.weight")
                            && f.info("model.embed_tokens.weight").dtype().isFloating(),
                    "embeddings stay float");
        }
    }

    @Test
    void aNonEmptyOutputFolderNeedsForce() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("old.txt"), "keep me");
        OutputException e = assertThrows(
                OutputException.class,
                () -> BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.INT8, false, out, false));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("--force"), e.getMessage());
        assertTrue(Files.isRegularFile(out.resolve("old.txt")), "left as it was");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.INT8, false, out, true);
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertTrue(!Files.exists(out.resolve("old.txt")), "the folder was replaced");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary folder left beside it");
        }
        OutputException self = assertThrows(
                OutputException.class,
                () -> BnbWriter.write(
                        Fixtures.dir("llama-tiny"), WeightFormat.INT8, false, Fixtures.dir("llama-tiny"), true));
        assertTrue(self.getMessage().contains("model folder"), self.getMessage());
    }

    /** The config must agree with the file: quant type, double quantization, skipped modules. */
    @Test
    void aConfigThatDisagreesWithTheFileIsRefused() throws Exception {
        Path out = tmp.resolve("nf4");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.NF4, false, out, false);
        ObjectNode cfg = (ObjectNode) MAPPER.readTree(out.resolve("config.json").toFile());
        ObjectNode q = (ObjectNode) cfg.get("quantization_config");
        q.put("bnb_4bit_quant_type", "fp4");
        assertRefused(out, cfg, "is nf4, but quantization_config.bnb_4bit_quant_type is fp4");
        q.put("bnb_4bit_quant_type", "nf4").put("bnb_4bit_use_double_quant", true);
        assertRefused(out, cfg, "is not double-quantized");
        q.put("bnb_4bit_use_double_quant", false)
                .putArray("llm_int8_skip_modules")
                .add("mlp");
        assertRefused(out, cfg, "llm_int8_skip_modules (mlp)");
        q.put("load_in_4bit", false).put("load_in_8bit", true).putArray("llm_int8_skip_modules");
        assertRefused(out, cfg, "is stored in 4 bits");
    }

    private static void assertRefused(Path dir, ObjectNode cfg, String message) throws Exception {
        Files.writeString(dir.resolve("config.json"), cfg.toString());
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, options(WeightFormat.F32, false))
                        .close());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static java.util.List<Long> asList(long[] a) {
        java.util.List<Long> l = new java.util.ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }

    private static byte[] bytes(TensorData t) {
        byte[] b = new byte[(int) t.byteLength()];
        t.littleEndianBytes().get(b);
        return b;
    }

    /** {@code quantize --dequantize} of a bitsandbytes checkpoint: float32 weights under the original keys. */
    @Test
    void aBitsandbytesCheckpointDequantizesToTheSameModel() {
        Path saved = tmp.resolve("nf4-dq");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.NF4, true, saved, false);
        Path deq = tmp.resolve("deq");
        DequantizedCheckpoint.write(saved, WeightFormat.NF4, deq);
        try (SafetensorsFile f = SafetensorsFile.open(deq.resolve("model.safetensors"))) {
            assertEquals(
                    DType.FLOAT32,
                    f.info("model.layers.0.self_attn.q_proj.weight").dtype());
            assertTrue(
                    f.keys().stream().noneMatch(k -> k.contains("absmax") || k.contains("quant_state")),
                    f.keys().toString());
        }
        Map<String, TensorData> a = explain(saved, options(WeightFormat.F32, false), "llama-tiny");
        Map<String, TensorData> b = explain(deq, options(WeightFormat.F32, false), "llama-tiny");
        for (String k : a.keySet()) {
            Compare.relevance("dequantized " + k, b.get(k).toDoubles(), a.get(k).toDoubles(), 1e-6, 1 - 1e-6);
        }
    }

    /**
     * As transformers 5 saves MoE models: attention quantized, the experts and the router left in float under the
     * usual per-expert keys. Which tensors are quantized is read from the file: both kinds load in one model.
     */
    @Test
    void floatExpertsBesideQuantizedAttentionLoad() {
        Path saved = tmp.resolve("mixtral-nf4");
        BnbWriter.write(Fixtures.dir("mixtral-tiny"), WeightFormat.NF4, false, saved, false);
        Path mixed = tmp.resolve("mixtral-mixed");
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        try (Checkpoint q = Checkpoint.open(saved);
                Checkpoint f = Checkpoint.open(Fixtures.dir("mixtral-tiny"))) {
            for (String k : q.keys()) {
                if (!k.contains("block_sparse_moe")) {
                    tensors.put(k, q.read(k));
                }
            }
            for (String k : f.keys()) {
                if (k.contains("block_sparse_moe")) {
                    tensors.put(k, f.read(k));
                }
            }
            SafetensorsWriter.write(mixed.resolve("model.safetensors"), tensors);
        }
        copy(saved.resolve("config.json"), mixed.resolve("config.json"));
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(mixed, options(WeightFormat.F32, false))) {
            for (StoredWeight w : WeightInventory.of((Module) m).values()) {
                WeightFormat expected = w.name().contains("self_attn") ? WeightFormat.NF4 : WeightFormat.F32;
                assertEquals(expected, w.format(), w.name());
            }
        }
        Path deq = tmp.resolve("mixed-deq");
        DequantizedCheckpoint.write(mixed, WeightFormat.F32, deq); // f32: the float experts stay as they are
        Map<String, TensorData> a = explain(mixed, options(WeightFormat.F32, false), "mixtral-tiny");
        Map<String, TensorData> b = explain(deq, options(WeightFormat.F32, false), "mixtral-tiny");
        for (String k : a.keySet()) {
            Compare.relevance("mixed " + k, a.get(k).toDoubles(), b.get(k).toDoubles(), 1e-6, 1 - 1e-6);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anAlreadyQuantizedCheckpointIsNotQuantizedAgain() {
        Path out = tmp.resolve("int8");
        BnbWriter.write(Fixtures.dir("llama-tiny"), WeightFormat.INT8, false, out, false);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> BnbWriter.write(out, WeightFormat.NF4, false, tmp.resolve("again"), false));
        assertTrue(e.getMessage().contains("already a bitsandbytes checkpoint"), e.getMessage());
    }
}
