package io.github.lxt4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.LlamaForCausalLM;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.HalfWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.UnquantizableWeightException;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Models loaded with {@code --weights}: storage, equality with the dequantized float32 model, refusals. */
class StoredWeightLoadTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static LoadOptions options(WeightFormat f) {
        return LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(f);
    }

    /** AttnLRP on the fixture's inputs: every output array (logits and relevance) by key. */
    static Map<String, TensorData> explain(Path dir, WeightFormat f, String fixture) {
        Map<String, TensorData> ref = Fixtures.reference(fixture);
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = Explainers.of(AutoModel.fromPretrained(dir, options(f)), null)) {
            Map<String, TensorData> in = ex instanceof T5Explainer
                    ? Map.of("input_ids", ref.get("input_ids"), "decoder_input_ids", ref.get("decoder_input_ids"))
                    : Fixtures.decoderInputs(ref);
            return ex.explainBatch(in, Method.ATTNLRP, BatchOptions.defaults());
        }
    }

    private static void assertSame(
            String what, Map<String, TensorData> actual, Map<String, TensorData> expected, double rel) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) {
            Compare.relevance(
                    what + " " + k, actual.get(k).toDoubles(), expected.get(k).toDoubles(), rel, 1 - rel);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "llama-tiny,nf4",
        "llama-tiny,fp4",
        "llama-tiny,int8",
        "mixtral-tiny,nf4",
        "mixtral-tiny,fp4",
        "mixtral-tiny,int8",
        "t5-gated,nf4",
        "t5-gated,fp4",
        "t5-gated,int8"
    })
    void quantizedModelEqualsTheFloat32ModelOfItsDequantizedWeights(String fixture, String format) {
        WeightFormat f = WeightFormat.parse(format);
        Path out = tmp.resolve("dequantized");
        int n = DequantizedCheckpoint.write(Fixtures.dir(fixture), f, out);
        assertTrue(n > 0, "some weights were quantized");
        Map<String, TensorData> quantized = explain(Fixtures.dir(fixture), f, fixture);
        Map<String, TensorData> reference = explain(out, WeightFormat.F32, fixture);
        assertSame(fixture + " " + f, quantized, reference, 1e-5);
        // and the quantization did change the model (the test could not pass by ignoring --weights)
        Map<String, TensorData> original = explain(Fixtures.dir(fixture), WeightFormat.F32, fixture);
        double[] a = original.get("logits_last").toDoubles();
        double[] b = quantized.get("logits_last").toDoubles();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertTrue(diff > 0, fixture + " " + f + ": quantized logits equal the float32 ones");
    }

    @Test
    void bf16StorageOfABf16CheckpointMapsItAndMatchesTheWidenedLoad() {
        Path bf16 = tmp.resolve("llama-tiny-bf16");
        Path src = Fixtures.dir("llama-tiny");
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(src)) {
            for (String k : c.keys()) {
                TensorData d = c.read(k);
                tensors.put(k, TensorData.ofFloats(d.toFloats(), DType.BFLOAT16, d.shape()));
            }
        }
        SafetensorsWriter.write(bf16.resolve("model.safetensors"), tensors);
        copy(src.resolve("config.json"), bf16.resolve("config.json"));
        try (TensorScope s = TensorScope.open();
                PretrainedModel m = AutoModel.fromPretrained(bf16, options(WeightFormat.BF16))) {
            Map<String, StoredWeight> w = WeightInventory.of((Module) m);
            for (StoredWeight sw : w.values()) {
                assertInstanceOf(HalfWeight.class, sw, sw.name() + " is kept as the file's bf16");
            }
        }
        assertSame(
                "bf16 mapped vs widened",
                explain(bf16, WeightFormat.BF16, "llama-tiny"),
                explain(bf16, WeightFormat.F32, "llama-tiny"),
                1e-6);
    }

    private static LlamaConfig llama(int hidden, int intermediate, int heads) {
        return LlamaConfig.parse(JsonConfig.of(
                MAPPER.createObjectNode()
                        .put("model_type", "llama")
                        .put("vocab_size", 64)
                        .put("hidden_size", hidden)
                        .put("intermediate_size", intermediate)
                        .put("num_hidden_layers", 1)
                        .put("num_attention_heads", heads)
                        .put("num_key_value_heads", heads)
                        .put("rms_norm_eps", 1e-5)
                        .put("max_position_embeddings", 32),
                "synthetic"));
    }

    /** Block linears in the requested format, embeddings and lm_head dense (an f32 checkpoint), on every fixture. */
    @ParameterizedTest
    @CsvSource({"nf4", "fp4", "int8", "bf16", "f16"})
    void onlyTheBlockLinearsAreStoredInTheFormat(String format) {
        WeightFormat f = WeightFormat.parse(format);
        for (String fixture : new String[] {"llama-tiny", "mixtral-tiny", "t5-gated"}) {
            try (TensorScope s = TensorScope.open();
                    PretrainedModel m = AutoModel.fromPretrained(Fixtures.dir(fixture), options(f))) {
                int linears = 0;
                for (StoredWeight w : WeightInventory.of((Module) m).values()) {
                    if (w.name().contains("layers.") || w.name().contains("block.")) {
                        assertEquals(f, w.format(), w.name());
                        linears++;
                    } else {
                        assertInstanceOf(DenseWeight.class, w, w.name() + ": embeddings and lm_head stay dense");
                    }
                }
                assertTrue(linears > 0, fixture);
            }
        }
    }

    /** Measured from the objects on rows of 512 and 1024 (int8 adds 4 bytes per row, nf4/fp4 4 per 64). */
    @ParameterizedTest
    @CsvSource({"nf4,0.57", "fp4,0.57", "int8,1.01", "bf16,2", "f16,2"})
    void quantizedLinearWeightsTakeTheirBytesPerParameter(String format, double maxBytes) {
        WeightFormat f = WeightFormat.parse(format);
        try (TensorScope s = TensorScope.open();
                LlamaForCausalLM m =
                        LlamaForCausalLM.build(llama(512, 1024, 8), new RandomWeights(3, 0.02), options(f))) {
            long bytes = 0;
            long params = 0;
            for (StoredWeight w : WeightInventory.of(m).values()) {
                if (w.name().contains("layers.")) {
                    assertEquals(f, w.format(), w.name());
                    bytes += w.storageBytes();
                    params += w.shape()[0] * w.shape()[1];
                }
            }
            assertEquals(4L * 512 * 512 + 3L * 512 * 1024, params);
            double perParam = (double) bytes / params;
            assertTrue(perParam <= maxBytes, f + ": " + perParam + " bytes per parameter");
            if (f == WeightFormat.BF16 || f == WeightFormat.F16) {
                assertEquals(2.0, perParam, 0.0);
            } else {
                assertTrue(perParam >= (f == WeightFormat.INT8 ? 1.0 : 0.5), f + ": " + perParam);
            }
        }
    }

    /** config.json declares bitsandbytes 4-bit, but the file is plain float: refused, naming what is missing. */
    @Test
    void aBitsandbytesConfigOverAFloatFileIsRefused() throws Exception {
        Path dir = tmp.resolve("bnb");
        Path src = Fixtures.dir("llama-tiny");
        copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ObjectNode cfg = (ObjectNode) MAPPER.readTree(src.resolve("config.json").toFile());
        cfg.putObject("quantization_config")
                .put("quant_method", "bitsandbytes")
                .put("load_in_4bit", true)
                .put("bnb_4bit_quant_type", "nf4");
        Files.writeString(dir.resolve("config.json"), cfg.toString());
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, options(WeightFormat.NF4)).close());
        assertTrue(
                e.getMessage().contains("bitsandbytes 4-bit nf4")
                        && e.getMessage().contains("no tensor"),
                e.getMessage());
    }

    /** A checkpoint another tool quantized (GPTQ) is still refused, naming what it is. */
    @Test
    void aGptqCheckpointIsRefused() throws Exception {
        Path dir = tmp.resolve("gptq");
        Path src = Fixtures.dir("llama-tiny");
        copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ObjectNode cfg = (ObjectNode) MAPPER.readTree(src.resolve("config.json").toFile());
        cfg.putObject("quantization_config")
                .put("quant_method", "gptq")
                .put("bits", 4)
                .put("group_size", 128);
        Files.writeString(dir.resolve("config.json"), cfg.toString());
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, options(WeightFormat.F32)).close());
        assertTrue(
                e.getMessage().contains("holds a GPTQ 4-bit, group size 128 checkpoint")
                        && e.getMessage().contains(dir.toString()),
                e.getMessage());
    }

    /**
     * A bitsandbytes NF4 file saved without {@code quantization_config} is recognised from its tensor names and read
     * as such: here its packed quant state is not JSON, which the error names with the tensor. An unreadable dtype
     * that reveals no quantization keeps the parser's own message.
     */
    @Test
    void aBitsandbytesFileWithoutQuantizationConfigIsReadFromItsTensorNames() throws Exception {
        Path dir = tmp.resolve("bnb-header-only");
        Files.createDirectories(dir);
        copy(Fixtures.dir("llama-tiny").resolve("config.json"), dir.resolve("config.json"));
        String q = "model.layers.0.self_attn.q_proj.weight";
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(Fixtures.dir("llama-tiny"))) {
            for (String k : c.keys()) {
                tensors.put(k, c.read(k));
            }
        }
        tensors.put(q, TensorData.ofBytes(DType.UINT8, java.nio.ByteBuffer.wrap(new byte[32]), 32, 1));
        tensors.put(q + ".absmax", TensorData.ofFloats(new float[] {1f}, 1));
        tensors.put(
                q + ".quant_state.bitsandbytes__nf4",
                TensorData.ofBytes(DType.UINT8, java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0, 1, 2}), 4));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(dir, options(WeightFormat.F32)).close());
        assertTrue(
                e.getMessage().contains("tensor '" + q + ".quant_state.bitsandbytes__nf4'")
                        && e.getMessage().contains("not UTF-8 JSON"),
                e.getMessage());
        // an unreadable dtype that reveals no quantization keeps the parser's own message
        String odd = "{\"model.rotary_emb.inv_freq\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        byte[] oddJson = odd.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer oddFile =
                java.nio.ByteBuffer.allocate(8 + oddJson.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        oddFile.putLong(oddJson.length).put(oddJson);
        Files.write(dir.resolve("model.safetensors"), oddFile.array());
        io.github.lxt4j.io.SafetensorsException bad = assertThrows(
                io.github.lxt4j.io.SafetensorsException.class,
                () -> AutoModel.fromPretrained(dir, options(WeightFormat.NF4)).close());
        assertTrue(bad.getMessage().contains("'model.rotary_emb.inv_freq': unsupported dtype 'U16'"), bad.getMessage());
    }

    @Test
    void aWeightThatDoesNotFillWholeBlocksIsRefusedByName() {
        LlamaConfig cfg = llama(20, 64, 2);
        for (WeightFormat f : new WeightFormat[] {WeightFormat.NF4, WeightFormat.FP4}) {
            UnquantizableWeightException e = assertThrows(
                    UnquantizableWeightException.class,
                    () -> LlamaForCausalLM.build(cfg, new RandomWeights(1, 0.02), options(f))
                            .close());
            assertTrue(
                    e.getMessage().contains("model.layers.0.self_attn.q_proj.weight")
                            && e.getMessage().contains("64"),
                    e.getMessage());
        }
        // int8 has no blocks: the same model loads
        try (LlamaForCausalLM m = LlamaForCausalLM.build(cfg, new RandomWeights(1, 0.02), options(WeightFormat.INT8))) {
            StoredWeight q = WeightInventory.of(m).get("model.layers.0.self_attn.q_proj.weight");
            assertEquals(WeightFormat.INT8, q.format(), q.name());
        }
    }

    @Test
    void clipRefusesQuantizedWeights() {
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> AutoModel.fromPretrained(Fixtures.dir("openclip-tiny"), options(WeightFormat.NF4))
                        .close());
        assertTrue(e.getMessage().contains("CLIP") && e.getMessage().contains("nf4"), e.getMessage());
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
