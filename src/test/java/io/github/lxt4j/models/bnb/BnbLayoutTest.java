package io.github.lxt4j.models.bnb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.Explainers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.Checkpoint;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.HalfFloats;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.Block4Weight;
import io.github.lxt4j.tensor.storage.Int8Weight;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tensors built by hand in the layout that transformers + bitsandbytes publish (bitsandbytes/functional.py
 * QuantState.as_dict(packed=True), nn/modules.py Linear4bit/Linear8bitLt._save_to_state_dict), with expected values
 * worked out here from bitsandbytes' documented formulas, never by the code under test.
 */
class BnbLayoutTest {
    /** bitsandbytes' get_4bit_type("nf4"), as published. */
    private static final float[] NF4 = {
        -1.0f,
        -0.6961928009986877f,
        -0.5250730514526367f,
        -0.39491748809814453f,
        -0.28444138169288635f,
        -0.18477343022823334f,
        -0.09105003625154495f,
        0.0f,
        0.07958029955625534f,
        0.16093020141124725f,
        0.24611230194568634f,
        0.33791524171829224f,
        0.44070982933044434f,
        0.5626170039176941f,
        0.7229568362236023f,
        1.0f
    };
    /** get_4bit_type("fp4"): [0, 0.0625, 8, 12, 4, 6, 2, 3] and their negatives, divided by 12 in float32. */
    private static final float[] FP4 = fp4();

    @TempDir
    Path tmp;

    private static float[] fp4() {
        float[] raw = {0, 0.0625f, 8, 12, 4, 6, 2, 3};
        float[] t = new float[16];
        for (int i = 0; i < 8; i++) {
            t[i] = raw[i] / 12f;
            t[i + 8] = -raw[i] / 12f;
        }
        return t;
    }

    private static TensorData u8(byte[] b, long... shape) {
        return TensorData.ofBytes(DType.UINT8, ByteBuffer.wrap(b), shape);
    }

    private static TensorData json(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return u8(b, b.length);
    }

    /** Element i of an [rows, 64·k] weight gets code i mod 16; packed two per byte, the first in the high nibble. */
    private static byte[] packedCodes(int n) {
        byte[] p = new byte[n / 2];
        for (int j = 0; j < p.length; j++) {
            p[j] = (byte) (((2 * j) % 16) << 4 | (2 * j + 1) % 16);
        }
        return p;
    }

    private BnbCheckpoint write(Map<String, TensorData> tensors) {
        Path file = tmp.resolve("model-" + tensors.hashCode() + ".safetensors");
        SafetensorsWriter.write(file, tensors);
        return BnbCheckpoint.of(SafetensorsFile.open(file));
    }

    private static Map<String, TensorData> nf4Plain(String quantState) {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("a.weight", u8(packedCodes(128), 64, 1));
        t.put("a.weight.absmax", TensorData.ofFloats(new float[] {0.5f, 2.0f}, 2));
        t.put("a.weight.quant_map", TensorData.ofFloats(NF4, 16));
        t.put("a.weight.quant_state.bitsandbytes__nf4", json(quantState));
        return t;
    }

    @Test
    void aPlainNf4WeightDequantizesAsCodeValueTimesBlockAbsmax() {
        BnbCheckpoint c = write(nf4Plain(
                "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\"," + " \"shape\": [2, 64]}"));
        assertTrue(c.isQuantized("a.weight"));
        StoredWeight w = c.load("a.weight", new long[] {2, 64});
        assertTrue(((Block4Weight) w).packedBytes().isDirect(), "a view of the mapped file");
        float[] d = w.dequantize();
        for (int i = 0; i < 128; i++) {
            assertEquals(NF4[i % 16] * (i < 64 ? 0.5f : 2.0f), d[i], 0f, "element " + i);
        }
    }

    /**
     * FP4 with double-quantized absmax: 4 blocks of 64, codes 200, 130, 127, 255 of a hand-made nested map
     * {@code (i - 127) / 128}, nested absmax 0.25, offset 0.75; block b's absmax is map[q] · 0.25 + 0.75.
     */
    @Test
    void aDoubleQuantizedFp4WeightAddsTheOffsetToTheDequantizedAbsmax() {
        float[] map = new float[256];
        for (int i = 0; i < 256; i++) {
            map[i] = (i - 127) / 128f;
        }
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("b.weight", u8(packedCodes(256), 128, 1));
        t.put("b.weight.absmax", u8(new byte[] {(byte) 200, (byte) 130, 127, (byte) 255}, 4));
        t.put("b.weight.quant_map", TensorData.ofFloats(FP4, 16));
        t.put("b.weight.nested_absmax", TensorData.ofFloats(new float[] {0.25f}, 1));
        t.put("b.weight.nested_quant_map", TensorData.ofFloats(map, 256));
        t.put(
                "b.weight.quant_state.bitsandbytes__fp4",
                json("{\"quant_type\": \"fp4\", \"blocksize\": 64,"
                        + " \"dtype\": \"float16\", \"shape\": [4, 64], \"nested_blocksize\": 256, \"nested_dtype\":"
                        + " \"float32\", \"nested_offset\": 0.75}"));
        BnbCheckpoint c = write(t);
        assertTrue(c.isNested("b.weight"));
        float[] absmax = {
            (73 / 128f) * 0.25f + 0.75f, (3 / 128f) * 0.25f + 0.75f, 0f * 0.25f + 0.75f, (128 / 128f) * 0.25f + 0.75f
        };
        float[] d = c.load("b.weight", new long[] {4, 64}).dequantize();
        for (int i = 0; i < 256; i++) {
            assertEquals(FP4[i % 16] * absmax[i / 64], d[i], 0f, "element " + i);
        }
    }

    /** LLM.int8: a weight is q · SCB / 127, computed as bitsandbytes does: (q · SCB) · 7.874015718698502e-3f. */
    @Test
    void anInt8WeightIsCodeTimesScbOver127() {
        byte[] q = {127, -127, 0, 64, 1, -1, 100, -50, 3, 2, 1, 0};
        float[] scb = {127f, 2.5f, 0.001f};
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("lin.weight", TensorData.ofBytes(DType.INT8, ByteBuffer.wrap(q), 3, 4));
        t.put("lin.SCB", TensorData.ofFloats(scb, 3));
        t.put("lin.weight_format", u8(new byte[] {0}));
        BnbCheckpoint c = write(t);
        StoredWeight w = c.load("lin.weight", new long[] {3, 4});
        assertTrue(((Int8Weight) w).codeBytes().isDirect());
        assertEquals(2, c.partsOf("lin.weight").size(), "SCB and weight_format belong to the weight");
        float[] d = w.dequantize();
        for (int i = 0; i < 12; i++) {
            assertEquals((q[i] * scb[i / 4]) * 7.874015718698502e-3f, d[i], 0f, "element " + i);
            assertEquals(q[i] * (double) scb[i / 4] / 127, d[i], 1e-7 * Math.abs(q[i] * scb[i / 4] / 127.0) + 1e-12);
        }
        assertEquals(-127f, d[1], 1e-4f, "q -127 with SCB 127");
        assertEquals(250 / 127f, d[6], 1e-6f, "q 100 with SCB 2.5");
    }

    /**
     * A whole LLM.int8 checkpoint built here as bitsandbytes' Int8Params does it (every block linear cast to fp16;
     * SCB = row absmax; q = round-half-even(w · 127 / SCB)) explains like the float32 model of q · SCB / 127.
     */
    @Test
    void anInt8CheckpointBuiltByHandExplainsLikeItsDequantizedWeights() throws Exception {
        Path src = Fixtures.dir("llama-tiny");
        Path bnb = tmp.resolve("int8");
        Path deq = tmp.resolve("deq");
        Map<String, TensorData> quantized = new LinkedHashMap<>();
        Map<String, TensorData> dense = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(src)) {
            for (String k : c.keys()) {
                TensorData t = c.read(k);
                if (!k.contains("layers.") || t.rank() != 2) {
                    quantized.put(k, t);
                    dense.put(k, t);
                    continue;
                }
                int rows = (int) t.shape()[0];
                int cols = (int) t.shape()[1];
                float[] w = t.toFloats();
                byte[] q = new byte[w.length];
                float[] scb = new float[rows];
                float[] d = new float[w.length];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < cols; i++) {
                        w[r * cols + i] = HalfFloats.f16ToFloat(HalfFloats.floatToF16(w[r * cols + i]));
                        scb[r] = Math.max(scb[r], Math.abs(w[r * cols + i]));
                    }
                    for (int i = 0; i < cols; i++) {
                        q[r * cols + i] = (byte) Math.rint(w[r * cols + i] * (127f / scb[r]));
                        d[r * cols + i] = (q[r * cols + i] * scb[r]) * 7.874015718698502e-3f;
                    }
                }
                String prefix = k.substring(0, k.length() - ".weight".length());
                quantized.put(k, TensorData.ofBytes(DType.INT8, ByteBuffer.wrap(q), rows, cols));
                quantized.put(prefix + ".SCB", TensorData.ofFloats(scb, rows));
                quantized.put(prefix + ".weight_format", u8(new byte[] {0}));
                dense.put(k, TensorData.ofFloats(d, rows, cols));
            }
        }
        SafetensorsWriter.write(bnb.resolve("model.safetensors"), quantized);
        SafetensorsWriter.write(deq.resolve("model.safetensors"), dense);
        ObjectNode cfg = (ObjectNode)
                new ObjectMapper().readTree(src.resolve("config.json").toFile());
        Files.writeString(deq.resolve("config.json"), cfg.toString());
        cfg.putObject("quantization_config")
                .put("quant_method", "bitsandbytes")
                .put("load_in_8bit", true)
                .put("load_in_4bit", false);
        Files.writeString(bnb.resolve("config.json"), cfg.toString());
        Map<String, TensorData> a = explain(bnb);
        Map<String, TensorData> b = explain(deq);
        double worst = 0;
        for (String k : b.keySet()) {
            Compare.relevance("int8 " + k, a.get(k).toDoubles(), b.get(k).toDoubles(), 1e-6, 1 - 1e-6);
            worst = Math.max(
                    worst,
                    Compare.measure(a.get(k).toDoubles(), b.get(k).toDoubles()).relativeError());
        }
        System.out.printf(
                "hand-built LLM.int8 checkpoint vs its dequantized float32: max relative difference %.2e%n", worst);
    }

    private static Map<String, TensorData> explain(Path dir) {
        Map<String, TensorData> ref = Fixtures.reference("llama-tiny");
        try (TensorScope s = TensorScope.open();
                BatchExplainable ex = Explainers.of(
                        AutoModel.fromPretrained(dir, LoadOptions.of(Backends.djl(), DType.FLOAT32)), null)) {
            return ex.explainBatch(Fixtures.decoderInputs(ref), Method.ATTNLRP, BatchOptions.defaults());
        }
    }

    @Test
    void malformedLayoutsAreRefusedNamingTheTensor() {
        String state = "\"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": [2, 64]}";
        BnbFormatException type = assertThrows(
                BnbFormatException.class,
                () -> write(nf4Plain("{\"quant_type\": \"fp4\", " + state)).load("a.weight", new long[] {2, 64}));
        assertTrue(
                type.getMessage().contains("a.weight.quant_state.bitsandbytes__nf4")
                        && type.getMessage().contains("quant_type 'fp4'"),
                type.getMessage());
        BnbFormatException block = assertThrows(
                BnbFormatException.class,
                () -> write(
                                nf4Plain(
                                        "{\"quant_type\": \"nf4\", \"blocksize\": 128, \"dtype\": \"bfloat16\", \"shape\": [2, 64]}"))
                        .load("a.weight", new long[] {2, 64}));
        assertTrue(block.getMessage().contains("blocksize 128"), block.getMessage());
        BnbFormatException field = assertThrows(
                BnbFormatException.class,
                () -> write(
                                nf4Plain(
                                        "{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"int4\", \"shape\": [2, 64]}"))
                        .load("a.weight", new long[] {2, 64}));
        assertTrue(field.getMessage().contains("field 'dtype' is 'int4'"), field.getMessage());
        BnbFormatException nested = assertThrows(
                BnbFormatException.class,
                () -> write(nf4Plain(
                                "{\"quant_type\": \"nf4\", \"nested_blocksize\": 256, \"nested_dtype\": \"float32\","
                                        + " \"nested_offset\": 0.1, " + state))
                        .load("a.weight", new long[] {2, 64}));
        assertTrue(
                nested.getMessage().contains("a.weight.absmax")
                        && nested.getMessage().contains("UINT8"),
                nested.getMessage());
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("lin.weight", TensorData.ofBytes(DType.INT8, ByteBuffer.wrap(new byte[4]), 2, 2));
        t.put("lin.SCB", TensorData.ofFloats(new float[] {1, 1}, 2));
        t.put("lin.weight_format", u8(new byte[] {2}));
        BnbFormatException fmt =
                assertThrows(BnbFormatException.class, () -> write(t).load("lin.weight", new long[] {2, 2}));
        assertTrue(
                fmt.getMessage().contains("lin.weight_format")
                        && fmt.getMessage().contains("row-major"),
                fmt.getMessage());
    }
}
