package io.github.lxt4j.models.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.TestBackends;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Config features of hub checkpoints (Qwen2 q/k/v biases, attention and MLP biases, tied head, explicit head_dim,
 * GQA, Mistral and Qwen2 sliding windows, linear / dynamic / llama3 RoPE in v4 and v5 config style, left padding)
 * on tiny random checkpoints, against {@link LlamaReference}, an independent float64 forward pass in plain loops.
 */
class LlamaVariantsTest {

    static final long[] IDS = {3, 17, 41, 9, 1, 22, 8, 30, 12, 47};
    static final int T = IDS.length;

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    /** GQA 4:2, head_dim 8 ≠ 24 / 4, q/k/v biases, tied head: the Qwen2 layout. */
    static final RandomLlama.Shape QWEN = new RandomLlama.Shape(50, 24, 4, 2, 8, 32, 2, true, false, false, true);
    /** GQA 4:1, every linear with a bias, untied head. */
    static final RandomLlama.Shape BIASED = new RandomLlama.Shape(50, 16, 4, 1, 4, 24, 2, true, true, true, false);
    /** GQA 4:2, no biases, untied, head_dim 16 so that the llama3 schedule hits all three bands. */
    static final RandomLlama.Shape PLAIN = new RandomLlama.Shape(50, 32, 4, 2, 16, 40, 2, false, false, false, false);

    private static double[][][] forward(Path dir, Backend backend, DType dtype, long[][] ids, long[][] mask) {
        try (TensorScope s = TensorScope.open();
                LlamaForCausalLM m = LlamaForCausalLM.fromPretrained(dir, backend, dtype)) {
            int b = ids.length;
            int t = ids[0].length;
            long[] flat = new long[b * t];
            for (int i = 0; i < b; i++) {
                System.arraycopy(ids[i], 0, flat, i * t, t);
            }
            Var e = m.embed(backend.fromLongs(flat, b, t));
            double[] v = m.forward(e, mask, io.github.lxt4j.models.DecoderOptions.defaults())
                    .value()
                    .toDoubleArray();
            int vocab = (int) m.config().vocabSize();
            assertEquals(b * t * vocab, v.length, "logits [B, T, vocab]");
            double[][][] out = new double[b][t][vocab];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t; j++) {
                    System.arraycopy(v, (i * t + j) * vocab, out[i][j], 0, vocab);
                }
            }
            return out;
        }
    }

    private static double[][] logits(Path dir, Backend backend, DType dtype) {
        return forward(dir, backend, dtype, new long[][] {IDS}, null)[0];
    }

    private static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    private static double maxDiff(double[][] a, double[][] b) {
        assertEquals(a.length, b.length, "positions");
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length, "vocab");
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /**
     * float64 within 1e-7 relative, float32 within the fixtures' 1e-4 absolute. HF rounds inv_freq and the angles to
     * float32 even in a float64 model; the last bit of inv_freq depends on the order of the float32 steps (pow, then
     * 1/x), and one ulp there moves these logits by up to ~1e-8 relative, so 1e-9 would test rounding, not the model.
     */
    private static void assertMatches(double[][] expected, Path dir, Backend backend, String what) {
        double scale = maxAbs(expected);
        assertTrue(scale > 0.5 && scale < 30, what + ": a non-trivial reference, max|logit| = " + scale);
        double d64 = maxDiff(expected, logits(dir, backend, DType.FLOAT64));
        assertTrue(d64 <= 1e-7 * scale, what + " float64: max|a-b| = " + d64 + " > 1e-7 · " + scale);
        double d32 = maxDiff(expected, logits(dir, backend, DType.FLOAT32));
        assertTrue(d32 <= 1e-4, what + " float32: max|a-b| = " + d32 + " > 1e-4");
    }

    private static int[] window(int layers, int w) {
        int[] out = new int[layers];
        Arrays.fill(out, w);
        return out;
    }

    private static LlamaReference reference(RandomLlama m, double eps, double[] inv, int[] window) {
        return new LlamaReference(m, eps, inv, window);
    }

    private static final String V5_ROPE = "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 10000.0}";

    @ParameterizedTest
    @MethodSource("backends")
    void qwen2BiasesTiedHeadExplicitHeadDimAndGqa(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(1, QWEN);
        // use_sliding_window false: Qwen2 ignores sliding_window altogether
        w.write(
                dir,
                "qwen2",
                "\"rms_norm_eps\": 1e-06,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"sliding_window\": 3,\n  \"use_sliding_window\": false,\n  \"max_window_layers\": 0,\n  "
                        + V5_ROPE);
        try (LlamaForCausalLM m = LlamaForCausalLM.fromPretrained(dir, backend, DType.FLOAT32)) {
            LlamaConfig c = m.config();
            assertTrue(c.qkvBias() && !c.outputBias() && c.tieWordEmbeddings());
            assertEquals(8, c.headDim());
            assertEquals(-1, c.slidingWindow());
        }
        double[][] expected = reference(w, 1e-6, LlamaReference.defaultInvFreq(10000, 8), window(2, 0))
                .logits(IDS);
        assertMatches(expected, dir, backend, "qwen2");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void llamaAttentionAndMlpBiasesV4Config(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(2, BIASED);
        w.write(
                dir,
                "llama",
                "\"attention_bias\": true,\n  \"rms_norm_eps\": 1e-05,\n  "
                        + "\"max_position_embeddings\": 64,\n  \"rope_theta\": 500000.0,\n  \"rope_scaling\": null");
        double[][] expected = reference(w, 1e-5, LlamaReference.defaultInvFreq(500000, 4), window(2, 0))
                .logits(IDS);
        assertMatches(expected, dir, backend, "llama with biases");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mistralSlidingWindowShorterThanTheSequence(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(3, PLAIN);
        w.write(
                dir,
                "mistral",
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"sliding_window\": 3,\n  \"rope_theta\": 10000.0");
        double[] inv = LlamaReference.defaultInvFreq(10000, 16);
        double[][] expected = reference(w, 1e-5, inv, window(2, 3)).logits(IDS);
        double[][] full = reference(w, 1e-5, inv, window(2, 0)).logits(IDS);
        // queries 0..2 see every earlier key either way; query 3 loses key 0 (j > i − w)
        assertEquals(0, maxDiff(Arrays.copyOf(expected, 3), Arrays.copyOf(full, 3)), 1e-12);
        assertTrue(maxDiff(new double[][] {expected[3]}, new double[][] {full[3]}) > 1e-2, "the window matters");
        assertMatches(expected, dir, backend, "mistral window 3");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void qwen2SlidingWindowFollowsUseSlidingWindowAndMaxWindowLayers(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(4, QWEN);
        String base = "\"rms_norm_eps\": 1e-06,\n  \"max_position_embeddings\": 64,\n  \"sliding_window\": 3,\n  "
                + "\"use_sliding_window\": true,\n  " + V5_ROPE;
        double[] inv = LlamaReference.defaultInvFreq(10000, 8);
        // max_window_layers 0: every layer i >= 0 is a sliding-attention layer
        Path all = w.write(dir.resolve("all"), "qwen2", base + ",\n  \"max_window_layers\": 0");
        assertMatches(reference(w, 1e-6, inv, window(2, 3)).logits(IDS), all, backend, "qwen2 all sliding");
        // max_window_layers absent: HF's default 28 leaves both layers on full attention
        Path none = w.write(dir.resolve("none"), "qwen2", base);
        assertMatches(reference(w, 1e-6, inv, window(2, 0)).logits(IDS), none, backend, "qwen2 no sliding layer");
        // max_window_layers 1 of 2: layer 0 full, layer 1 sliding; one mask for all layers cannot say that
        Path mixed = w.write(dir.resolve("mixed"), "qwen2", base + ",\n  \"max_window_layers\": 1");
        io.github.lxt4j.models.UnsupportedModelException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.lxt4j.models.UnsupportedModelException.class,
                () -> LlamaForCausalLM.fromPretrained(mixed, backend, DType.FLOAT32)
                        .close());
        assertTrue(e.getMessage().contains("max_window_layers"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linearRopeScalingV4Style(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(5, PLAIN);
        w.write(
                dir,
                "llama",
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"rope_theta\": 10000.0,\n  \"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}");
        double[][] expected = reference(w, 1e-5, LlamaReference.linearInvFreq(10000, 16, 4), window(2, 0))
                .logits(IDS);
        double[][] unscaled = reference(w, 1e-5, LlamaReference.defaultInvFreq(10000, 16), window(2, 0))
                .logits(IDS);
        assertTrue(maxDiff(expected, unscaled) > 1e-2, "the scaling matters");
        assertMatches(expected, dir, backend, "linear rope");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void llama3RopeV5Style(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(6, PLAIN);
        // theta 100, head_dim 16: wavelengths 6.3 (< 8: kept), 11.2 and 19.9 (smoothed), 35 and up (> 32: / factor)
        w.write(
                dir,
                "llama",
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 256,\n  "
                        + "\"rope_parameters\": {\"rope_type\": \"llama3\", \"rope_theta\": 100.0, \"factor\": 8.0, "
                        + "\"low_freq_factor\": 2.0, \"high_freq_factor\": 8.0, \"original_max_position_embeddings\": 64}");
        double[] inv = LlamaReference.llama3InvFreq(100, 16, 8, 2, 8, 64);
        double[] plain = LlamaReference.defaultInvFreq(100, 16);
        assertEquals(plain[0], inv[0], 0, "high frequency kept");
        assertTrue(inv[1] < plain[1] && inv[1] > plain[1] / 8, "medium frequency smoothed");
        assertEquals(plain[7] / 8, inv[7], 1e-12 * plain[7], "low frequency divided by the factor");
        assertMatches(reference(w, 1e-5, inv, window(2, 0)).logits(IDS), dir, backend, "llama3 rope");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void dynamicRopeScalesBeyondMaxPositionEmbeddings(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(7, PLAIN);
        // HF's dynamic NTK compares max(position) + 1 = 10 with config.max_position_embeddings = 8
        Path longer = w.write(
                dir.resolve("longer"),
                "llama",
                "\"rms_norm_eps\": 1e-05,\n  "
                        + "\"max_position_embeddings\": 8,\n  \"rope_theta\": 10000.0,\n  "
                        + "\"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 2.0}");
        double[] inv = LlamaReference.dynamicInvFreq(10000, 16, 2, 8, T);
        double[] plain = LlamaReference.defaultInvFreq(10000, 16);
        assertTrue(inv[7] < plain[7] * 0.9, "a larger base");
        assertMatches(reference(w, 1e-5, inv, window(2, 0)).logits(IDS), longer, backend, "dynamic rope, T > max");
        // within max_position_embeddings nothing changes; HF ignores original_max_position_embeddings here
        Path within = w.write(
                dir.resolve("within"),
                "llama",
                "\"rms_norm_eps\": 1e-05,\n  "
                        + "\"max_position_embeddings\": 64,\n  \"rope_parameters\": {\"rope_type\": \"dynamic\", "
                        + "\"rope_theta\": 10000.0, \"factor\": 2.0, \"original_max_position_embeddings\": 4}");
        assertMatches(reference(w, 1e-5, plain, window(2, 0)).logits(IDS), within, backend, "dynamic rope, T <= max");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void leftPaddingWithSlidingWindowGivesTheUnpaddedLogits(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(8, PLAIN);
        w.write(
                dir,
                "mistral",
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"sliding_window\": 3,\n  \"rope_theta\": 10000.0");
        LlamaReference ref = reference(w, 1e-5, LlamaReference.defaultInvFreq(10000, 16), window(2, 3));
        int pad = 3;
        long[] shortIds = Arrays.copyOf(IDS, T - pad);
        long[][] ids = {new long[T], IDS};
        System.arraycopy(shortIds, 0, ids[0], pad, shortIds.length);
        long[][] mask = {new long[T], new long[T]};
        Arrays.fill(mask[0], pad, T, 1);
        Arrays.fill(mask[1], 1);
        double[][] expectedShort = ref.logits(shortIds);
        double[][] expectedFull = ref.logits(IDS);
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double[][][] out = forward(dir, backend, dtype, ids, mask);
            double tol = dtype == DType.FLOAT64 ? 1e-7 * maxAbs(expectedFull) : 1e-4;
            double dShort = maxDiff(expectedShort, Arrays.copyOfRange(out[0], pad, T));
            double dFull = maxDiff(expectedFull, out[1]);
            assertTrue(dShort <= tol, dtype + " padded row: max|a-b| = " + dShort);
            assertTrue(dFull <= tol, dtype + " full row: max|a-b| = " + dFull);
        }
        double[][] unmasked = forward(dir, backend, DType.FLOAT64, ids, null)[0];
        assertTrue(
                maxDiff(expectedShort, Arrays.copyOfRange(unmasked, pad, T)) > 1e-3,
                "without the mask the padding is attended to and the positions shift");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gradientTimesInputIsTheFiniteDifferenceOfTheReference(Backend backend, @TempDir Path dir) {
        RandomLlama w = new RandomLlama(9, QWEN);
        w.write(
                dir,
                "qwen2",
                "\"rms_norm_eps\": 1e-06,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"sliding_window\": 4,\n  \"use_sliding_window\": true,\n  \"max_window_layers\": 0,\n  "
                        + V5_ROPE);
        LlamaReference ref = reference(w, 1e-6, LlamaReference.defaultInvFreq(10000, 8), window(2, 4));
        double[][] x = ref.embed(IDS);
        double[] last = ref.logits(x)[T - 1];
        int target = 0;
        for (int v = 1; v < last.length; v++) {
            target = last[v] > last[target] ? v : target;
        }
        Explanation e;
        try (LlamaForCausalLM m = LlamaForCausalLM.fromPretrained(dir, backend, DType.FLOAT64);
                CausalLmExplainer ex = new CausalLmExplainer(m, null)) {
            e = ex.explainIds(new long[][] {IDS}, null, Target.token(target), Method.GRADIENT_X_INPUT, false)
                    .get(0);
        }
        assertEquals(last[target], e.targetValue(), 1e-7 * Math.abs(last[target]), "target logit");
        double h = 1e-5;
        int hidden = QWEN.hidden();
        double[] expected = new double[T * hidden];
        double[] actual = new double[T * hidden];
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < hidden; k++) {
                double keep = x[t][k];
                x[t][k] = keep + h;
                double up = ref.logits(x)[T - 1][target];
                x[t][k] = keep - h;
                double down = ref.logits(x)[T - 1][target];
                x[t][k] = keep;
                expected[t * hidden + k] = (up - down) / (2 * h) * keep;
                actual[t * hidden + k] = e.embeddingRelevance()[t][k];
            }
        }
        // two layers of window 4 reach back 6 keys from the last query: positions 0..2 get exactly zero
        for (int i = 0; i < (T - 7) * hidden; i++) {
            assertEquals(0.0, actual[i], 0.0, "outside the window");
        }
        io.github.lxt4j.testing.Compare.relevance(
                "gradient x input vs finite differences", actual, expected, 1e-6, 0.999999999);
    }
}
