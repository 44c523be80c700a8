package io.github.lxt4j.models.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.bench.RandomWeights;
import io.github.lxt4j.io.JsonConfig;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.models.FlopCount;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.WeightInventory;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WeightFormat;
import io.github.lxt4j.testing.Compare;
import io.github.lxt4j.testing.LastLogits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention-scale flags, reorder_and_upcast_attn, the context length and the FLOP count on gpt2-tiny. */
class Gpt2ModelTest {

    static final LoadOptions F64 = LoadOptions.of(Backends.djl(), DType.FLOAT64);
    static final int H = 64;

    @TempDir
    Path tmp;

    static double[] lastLogits(Path dir, LoadOptions options) {
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m = Gpt2LMHeadModel.fromPretrained(dir, options)) {
            return LastLogits.of(m, Gpt2FixtureTest.REF.get("input_ids"));
        }
    }

    /**
     * Scales the queries of block {@code layer}: c_attn's output columns 0..H−1 (stored [in, out]) and bias entries.
     * Powers of two are exact in float32, so the rewritten checkpoint carries no rounding.
     */
    private static void scaleQueries(Map<String, TensorData> w, int layer, float factor) {
        String key = "transformer.h." + layer + ".attn.c_attn.";
        float[] weight = w.get(key + "weight").toFloats();
        for (int in = 0; in < H; in++) {
            for (int out = 0; out < H; out++) {
                weight[in * 3 * H + out] *= factor;
            }
        }
        float[] bias = w.get(key + "bias").toFloats();
        for (int out = 0; out < H; out++) {
            bias[out] *= factor;
        }
        w.put(key + "weight", TensorData.ofFloats(weight, H, 3 * H));
        w.put(key + "bias", TensorData.ofFloats(bias, 3 * H));
    }

    private static void sameLogits(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10, "logit " + i);
        }
    }

    @Test
    void scaleAttnByInverseLayerIdxHalvesBlockOnesScores() {
        // 1/(layer + 1) leaves block 0 alone and halves block 1's scores, as halving block 1's queries does
        Path flag = Gpt2Checkpoints.write(
                tmp.resolve("flag"),
                Gpt2Checkpoints.weights(DType.FLOAT32),
                c -> c.put("scale_attn_by_inverse_layer_idx", true));
        Map<String, TensorData> halved = Gpt2Checkpoints.weights(DType.FLOAT32);
        scaleQueries(halved, 1, 0.5f);
        double[] byFlag = lastLogits(flag, F64);
        sameLogits(byFlag, lastLogits(Gpt2Checkpoints.write(tmp.resolve("halved"), halved, c -> {}), F64));
        assertTrue(
                Compare.maxDiff(byFlag, lastLogits(Gpt2Checkpoints.fixture(), F64)) > 1e-3, "the flag changed nothing");
    }

    @Test
    void withoutScaleAttnWeightsScoresAreNotDividedBySqrtHeadDim() {
        // head_dim 16: the unscaled scores of q are the scaled scores of 4·q, in every block
        Path unscaled = Gpt2Checkpoints.write(
                tmp.resolve("unscaled"),
                Gpt2Checkpoints.weights(DType.FLOAT32),
                c -> c.put("scale_attn_weights", false));
        Map<String, TensorData> fourQ = Gpt2Checkpoints.weights(DType.FLOAT32);
        scaleQueries(fourQ, 0, 4);
        scaleQueries(fourQ, 1, 4);
        double[] byFlag = lastLogits(unscaled, F64);
        sameLogits(byFlag, lastLogits(Gpt2Checkpoints.write(tmp.resolve("four"), fourQ, c -> {}), F64));
        assertTrue(
                Compare.maxDiff(byFlag, lastLogits(Gpt2Checkpoints.fixture(), F64)) > 1e-3, "the flag changed nothing");
    }

    @Test
    void reorderAndUpcastAttnIsTheSameAttentionInFloat32AndRefusedInFloat16() {
        Path dir = Gpt2Checkpoints.write(
                tmp.resolve("upcast"),
                Gpt2Checkpoints.weights(DType.FLOAT32),
                c -> c.put("reorder_and_upcast_attn", true));
        LoadOptions f32 = LoadOptions.of(Backends.djl(), DType.FLOAT32);
        sameLogits(lastLogits(Gpt2Checkpoints.fixture(), f32), lastLogits(dir, f32));
        UnsupportedModelException e = assertThrows(
                UnsupportedModelException.class,
                () -> Gpt2LMHeadModel.fromPretrained(dir, LoadOptions.of(Backends.djl(), DType.FLOAT16))
                        .close());
        assertTrue(
                e.getMessage().contains("reorder_and_upcast_attn")
                        && e.getMessage().contains("float16"),
                e.getMessage());
    }

    @Test
    void inputsLongerThanNPositionsAreRefused() {
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m = Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), F64)) {
            Var embeds = m.embed(m.backend().fromLongs(new long[65], 1, 65));
            SequenceTooLongException e = assertThrows(
                    SequenceTooLongException.class, () -> m.forward(embeds, null, DecoderOptions.defaults()));
            assertTrue(e.getMessage().contains("n_positions = 64"), e.getMessage());
            Var longest = m.embed(m.backend().fromLongs(new long[64], 1, 64));
            assertEquals(
                    320,
                    m.forward(longest, null, DecoderOptions.defaults().lastOnly())
                            .value()
                            .numel());
        }
    }

    @Test
    void flopsCountTheConv1dLinearsTheHeadAndTheAttention() {
        // per token and block: c_attn 64·192 + c_proj 64·64 + c_fc 64·256 + mlp.c_proj 256·64 = 49152
        // multiply-adds; 2 blocks and 14 tokens: 1376256, plus the head 64·320 = 20480: 1396736.
        // attention per block: q·kᵀ and A·v, 4 heads · 14 · 14 · 16 each: 2 · 2 · 12544 = 50176.
        // forward = 2 FLOPs · batch 2 · (1396736 + 50176); relevance doubles the attention part
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m = Gpt2LMHeadModel.fromPretrained(Gpt2Checkpoints.fixture(), F64)) {
            FlopCount f = m.flops(2, 14);
            assertEquals(2.0 * 2 * (1396736 + 50176), f.forward());
            assertEquals(2.0 * 2 * (1396736 + 2 * 50176), f.relevance());
        }
    }

    @Test
    void benchBuildsATiedModelOnGeneratedWeights() {
        JsonConfig json = JsonConfig.of(
                new ObjectMapper()
                        .createObjectNode()
                        .put("model_type", "gpt2")
                        .put("vocab_size", 64)
                        .put("n_positions", 16)
                        .put("n_embd", 32)
                        .put("n_layer", 1)
                        .put("n_head", 2),
                "synthetic");
        LoadOptions nf4 = LoadOptions.of(Backends.djl(), DType.FLOAT32).withWeights(WeightFormat.NF4);
        try (TensorScope s = TensorScope.open();
                Gpt2LMHeadModel m =
                        (Gpt2LMHeadModel) Gpt2LMHeadModel.FAMILY.generate(json, new RandomWeights(7, 0.02), nf4)) {
            assertEquals(5, WeightInventory.of(m).size(), "4 Conv1D weights and one table shared by the head");
            Var embeds = m.embed(m.backend().fromLongs(new long[] {1, 5, 9}, 1, 3));
            for (double v :
                    m.forward(embeds, null, DecoderOptions.defaults()).value().toDoubleArray()) {
                assertTrue(Double.isFinite(v));
            }
        }
    }
}
