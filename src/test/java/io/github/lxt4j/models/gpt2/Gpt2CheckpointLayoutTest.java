package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.MissingTensorException;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.ModelLoadException;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key layouts GPT-2 checkpoints come in: GPT2LMHeadModel's {@code transformer.} keys (the fixture), the hub's
 * bare GPT2Model keys, the causal-mask buffers older saves hold (F32, BOOL, U8), tied and untied heads.
 */
class Gpt2CheckpointLayoutTest {

    static final LoadOptions F32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);
    static final int LAYERS = 2;
    static final int POSITIONS = 64;

    @TempDir
    Path tmp;

    private static Map<String, TensorData> asFixture(Method m) {
        return Gpt2Checkpoints.explain(Gpt2Checkpoints.fixture(), F32, m);
    }

    private static void sameOutputs(Map<String, TensorData> expected, Map<String, TensorData> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toDoubles(), actual.get(k).toDoubles(), 0, k);
        }
    }

    /** The lower-triangular causal mask [1, 1, P, P] as HF registered it: 1 on and below the diagonal. */
    private static float[] tril() {
        float[] m = new float[POSITIONS * POSITIONS];
        for (int i = 0; i < POSITIONS; i++) {
            for (int j = 0; j <= i; j++) {
                m[i * POSITIONS + j] = 1;
            }
        }
        return m;
    }

    private static Map<String, TensorData> bare(Map<String, TensorData> prefixed) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        prefixed.forEach((k, v) -> out.put(k.startsWith("transformer.") ? k.substring("transformer.".length()) : k, v));
        return out;
    }

    @Test
    void hubKeysWithoutThePrefixAndFloatMaskBuffersLoadTheSameModel() {
        Map<String, TensorData> w = bare(Gpt2Checkpoints.weights(DType.FLOAT32));
        for (int i = 0; i < LAYERS; i++) {
            w.put("h." + i + ".attn.bias", TensorData.ofFloats(tril(), 1, 1, POSITIONS, POSITIONS));
            w.put("h." + i + ".attn.masked_bias", TensorData.ofFloats(new float[] {-1e4f}));
        }
        Path dir = Gpt2Checkpoints.write(tmp.resolve("hub"), w, c -> {});
        sameOutputs(asFixture(Method.ATTNLRP), Gpt2Checkpoints.explain(dir, F32, Method.ATTNLRP));
    }

    @Test
    void boolMaskBuffersOfATransformers4SaveAreSkipped() {
        Map<String, TensorData> w = Gpt2Checkpoints.weights(DType.FLOAT32);
        long[] mask = new long[POSITIONS * POSITIONS];
        float[] t = tril();
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (long) t[i];
        }
        for (int i = 0; i < LAYERS; i++) {
            w.put(
                    "transformer.h." + i + ".attn.bias",
                    TensorData.ofBytes(DType.BOOL, ByteBuffer.wrap(boolBytes(mask)), 1, 1, POSITIONS, POSITIONS));
            w.put("transformer.h." + i + ".attn.masked_bias", TensorData.ofFloats(new float[] {-1e4f}));
        }
        Path dir = Gpt2Checkpoints.write(tmp.resolve("bool"), w, c -> {});
        sameOutputs(asFixture(Method.CP_LRP), Gpt2Checkpoints.explain(dir, F32, Method.CP_LRP));
    }

    private static byte[] boolBytes(long[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void u8MaskBuffersThatTheReaderCannotTypeAreSkipped() throws IOException {
        List<Gpt2Checkpoints.Raw> raw = new ArrayList<>();
        bare(Gpt2Checkpoints.weights(DType.FLOAT32))
                .forEach((k, v) -> raw.add(new Gpt2Checkpoints.Raw(k, "F32", v.shape(), Gpt2Checkpoints.bytes(v))));
        float[] t = tril();
        byte[] u8 = new byte[t.length];
        for (int i = 0; i < u8.length; i++) {
            u8[i] = (byte) t[i];
        }
        for (int i = 0; i < LAYERS; i++) {
            raw.add(new Gpt2Checkpoints.Raw(
                    "h." + i + ".attn.bias", "U8", new long[] {1, 1, POSITIONS, POSITIONS}, u8));
        }
        Path dir = tmp.resolve("u8");
        Gpt2Checkpoints.writeConfig(dir, c -> {});
        Gpt2Checkpoints.writeRaw(dir.resolve("model.safetensors"), raw);
        sameOutputs(asFixture(Method.GRADIENT_X_INPUT), Gpt2Checkpoints.explain(dir, F32, Method.GRADIENT_X_INPUT));
    }

    @Test
    void anUntiedHeadIsReadFromLmHead() {
        // lm_head = wte / 2 and no bias: every logit is half the tied model's
        Map<String, TensorData> w = Gpt2Checkpoints.weights(DType.FLOAT32);
        TensorData wte = w.get("transformer.wte.weight");
        float[] half = wte.toFloats();
        for (int i = 0; i < half.length; i++) {
            half[i] /= 2;
        }
        w.put("lm_head.weight", TensorData.ofFloats(half, wte.shape()));
        Path dir = Gpt2Checkpoints.write(tmp.resolve("untied"), w, c -> c.put("tie_word_embeddings", false));
        double[] tied = lastLogits(Gpt2Checkpoints.fixture());
        double[] untied = lastLogits(dir);
        for (int i = 0; i < tied.length; i++) {
            assertEquals(tied[i] / 2, untied[i], 1e-6, "logit " + i);
        }
    }

    @Test
    void anUntiedConfigWithoutLmHeadNamesTheMissingTensor() {
        Path dir = Gpt2Checkpoints.write(
                tmp.resolve("nohead"),
                Gpt2Checkpoints.weights(DType.FLOAT32),
                c -> c.put("tie_word_embeddings", false));
        MissingTensorException e = assertThrows(
                MissingTensorException.class,
                () -> Gpt2LMHeadModel.fromPretrained(dir, F32).close());
        assertTrue(e.getMessage().contains("lm_head.weight"), e.getMessage());
    }

    @Test
    void aCheckpointWithoutGpt2EmbeddingsIsRefused() {
        Map<String, TensorData> w = Gpt2Checkpoints.weights(DType.FLOAT32);
        w.put("model.embed_tokens.weight", w.remove("transformer.wte.weight"));
        Path dir = Gpt2Checkpoints.write(tmp.resolve("other"), w, c -> {});
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> Gpt2LMHeadModel.fromPretrained(dir, F32).close());
        assertTrue(
                e.getMessage().contains("transformer.wte.weight")
                        && e.getMessage().contains("not a GPT-2"),
                e.getMessage());
    }

    @Test
    void aConfigWithFewerLayersThanTheCheckpointIsRefused() {
        Path dir = Gpt2Checkpoints.write(
                tmp.resolve("short"), bare(Gpt2Checkpoints.weights(DType.FLOAT32)), c -> c.put("n_layer", 1));
        ModelLoadException e = assertThrows(
                ModelLoadException.class,
                () -> Gpt2LMHeadModel.fromPretrained(dir, F32).close());
        assertTrue(e.getMessage().contains("h.1."), e.getMessage());
    }

    static double[] lastLogits(Path dir) {
        return Gpt2Checkpoints.explain(dir, F32, Method.GRADIENT_X_INPUT)
                .get("logits_last")
                .toDoubles();
    }
}
