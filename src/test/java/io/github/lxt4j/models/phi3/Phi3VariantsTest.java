package io.github.lxt4j.models.phi3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.models.DecoderOptions;
import io.github.lxt4j.nn.RopeScaling;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.TestBackends;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Phi-3 config features on tiny random checkpoints against {@link Phi3Reference}, an independent float64 forward:
 * partial rotary, GQA, sliding window, longrope on both sides of the original context (v4 and v5 styles, default and
 * explicit attention factor), tied head; and a Phi-3-mini-128k-style longrope config at 4097 tokens.
 */
class Phi3VariantsTest {

    static final long[] IDS = {3, 17, 41, 9, 1, 22, 8, 30, 12, 47};
    static final int T = IDS.length;

    /** GQA 4:2, head_dim 16, untied. */
    static final RandomPhi3.Shape GQA = new RandomPhi3.Shape(50, 64, 4, 2, 48, 2, false);
    /** GQA 2:1, head_dim 16, untied. */
    static final RandomPhi3.Shape SMALL = new RandomPhi3.Shape(50, 32, 2, 1, 40, 2, false);
    /** As SMALL with the head tied to the embeddings. */
    static final RandomPhi3.Shape TIED = new RandomPhi3.Shape(50, 32, 2, 1, 40, 2, true);

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    /** Logits [T][vocab] of one unpadded row (or only the last position's, as [1][vocab]). */
    static double[][] logits(Path dir, Backend backend, DType dtype, long[] ids, boolean lastOnly) {
        try (TensorScope s = TensorScope.open();
                Phi3ForCausalLM m = Phi3ForCausalLM.fromPretrained(dir, backend, dtype)) {
            Var e = m.embed(backend.fromLongs(ids, 1, ids.length));
            DecoderOptions o = lastOnly ? DecoderOptions.defaults().lastOnly() : DecoderOptions.defaults();
            double[] v = m.forward(e, null, o).value().toDoubleArray();
            int vocab = (int) m.vocabSize();
            double[][] out = new double[v.length / vocab][vocab];
            for (int t = 0; t < out.length; t++) {
                System.arraycopy(v, t * vocab, out[t], 0, vocab);
            }
            return out;
        }
    }

    private static double maxAbs(double[][] a) {
        return Arrays.stream(a)
                .flatMapToDouble(Arrays::stream)
                .map(Math::abs)
                .max()
                .orElse(0);
    }

    private static double maxDiff(double[][] a, double[][] b) {
        assertEquals(a.length, b.length, "positions");
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /** float64 within 1e-7 relative (HF rounds inv_freq and the angles to float32), float32 within 1e-4. */
    private static void assertMatches(double[][] expected, Path dir, Backend backend, long[] ids, String what) {
        double scale = maxAbs(expected);
        assertTrue(scale > 0.5 && scale < 50, what + ": a non-trivial reference, max|logit| = " + scale);
        double d64 = maxDiff(expected, logits(dir, backend, DType.FLOAT64, ids, false));
        assertTrue(d64 <= 1e-7 * scale, what + " float64: max|a-b| = " + d64 + " > 1e-7 · " + scale);
        double d32 = maxDiff(expected, logits(dir, backend, DType.FLOAT32, ids, false));
        assertTrue(d32 <= 1e-4, what + " float32: max|a-b| = " + d32 + " > 1e-4");
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return b.append(']').toString();
    }

    private static double[] ramp(int n, double first, double step) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = first + step * i;
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void partialRotaryGqaAndSlidingWindowV4Style(Backend backend, @TempDir Path dir) {
        RandomPhi3 w = new RandomPhi3(1, GQA);
        w.write(
                dir,
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 64,\n  \"rope_theta\": 10000.0,\n  "
                        + "\"rope_scaling\": null,\n  \"partial_rotary_factor\": 0.5,\n  \"sliding_window\": 3");
        // head_dim 16, rotary dim 8: four frequencies over dims 0..7 of each head, dims 8..15 pass
        double[] inv = Phi3Reference.invFreq(10000, 8, null);
        double[][] expected = new Phi3Reference(w, 1e-5, inv, 1.0, 3).logits(IDS);
        double[][] fullRotary = new Phi3Reference(w, 1e-5, Phi3Reference.invFreq(10000, 16, null), 1.0, 3).logits(IDS);
        double[][] noWindow = new Phi3Reference(w, 1e-5, inv, 1.0, 0).logits(IDS);
        assertTrue(maxDiff(expected, fullRotary) > 1e-2, "the partial rotary dimension matters");
        assertTrue(maxDiff(expected, noWindow) > 1e-2, "the window matters");
        assertMatches(expected, dir, backend, IDS, "partial rotary 0.5, window 3");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void longropeUsesShortFactorsUpToTheOriginalContextAndLongOnesBeyondV5Style(Backend backend, @TempDir Path dir) {
        RandomPhi3 w = new RandomPhi3(2, SMALL);
        double[] shortF = ramp(8, 1.0, 0.25);
        double[] longF = ramp(8, 1.5, 3.0);
        w.write(
                dir,
                "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 32,\n  "
                        + "\"original_max_position_embeddings\": 8,\n  \"sliding_window\": null,\n  \"rope_parameters\": "
                        + "{\"rope_type\": \"longrope\", \"rope_theta\": 10000.0, \"partial_rotary_factor\": 1.0, "
                        + "\"short_factor\": " + list(shortF) + ", \"long_factor\": " + list(longF) + "}");
        // 32 / 8 = 4: attention factor √(1 + ln 4 / ln 8) = √(5/3), on cos and sin at every length
        double af = Math.sqrt(1 + Math.log(4) / Math.log(8));
        assertEquals(1.290994, af, 1e-6);
        Phi3Reference shortRef = new Phi3Reference(w, 1e-5, Phi3Reference.invFreq(10000, 16, shortF), af, 0);
        Phi3Reference longRef = new Phi3Reference(w, 1e-5, Phi3Reference.invFreq(10000, 16, longF), af, 0);
        long[] eight = Arrays.copyOf(IDS, 8);
        assertMatches(shortRef.logits(eight), dir, backend, eight, "longrope, 8 tokens = original: short factors");
        assertMatches(longRef.logits(IDS), dir, backend, IDS, "longrope, 10 tokens > original: long factors");
        assertTrue(maxDiff(shortRef.logits(IDS), longRef.logits(IDS)) > 1e-2, "the factor set matters");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void suTypeWithExplicitAttentionFactorPartialRotaryAndTiedHeadV4Style(Backend backend, @TempDir Path dir) {
        RandomPhi3 w = new RandomPhi3(3, TIED);
        double[] shortF = {1.0, 1.1, 1.3, 2.0};
        double[] longF = {1.0, 2.0, 5.0, 11.0};
        // "su" is the old name of longrope; partial_rotary_factor inside the rope dict: rotary dim 8 of 16
        w.write(
                dir,
                "\"rms_norm_eps\": 1e-06,\n  \"max_position_embeddings\": 64,\n  "
                        + "\"original_max_position_embeddings\": 8,\n  \"rope_theta\": 500.0,\n  \"rope_scaling\": "
                        + "{\"type\": \"su\", \"attention_factor\": 0.9, \"partial_rotary_factor\": 0.5, "
                        + "\"short_factor\": " + list(shortF) + ", \"long_factor\": " + list(longF) + "}");
        double[][] expected = new Phi3Reference(w, 1e-6, Phi3Reference.invFreq(500, 8, longF), 0.9, 0).logits(IDS);
        double[][] defaultFactor = new Phi3Reference(
                        w, 1e-6, Phi3Reference.invFreq(500, 8, longF), Math.sqrt(1 + Math.log(8) / Math.log(8)), 0)
                .logits(IDS);
        assertTrue(maxDiff(expected, defaultFactor) > 1e-2, "the attention factor matters");
        assertMatches(expected, dir, backend, IDS, "su, attention_factor 0.9, tied");
    }

    /**
     * Phi-3-mini-128k's RoPE: original context 4096, max 131072, 48 short and 48 long factors for head_dim 96. At
     * 4097 tokens the model computes what a model whose short factors are its long ones computes, and not what one
     * with only short factors does; at 16 tokens the reverse.
     */
    @Test
    void phi3Mini128kStyleLongropeSwitchesToTheLongFactorsAbove4096Tokens(@TempDir Path dir) {
        RandomPhi3 w = new RandomPhi3(4, new RandomPhi3.Shape(50, 192, 2, 2, 64, 1, false));
        double[] shortF = ramp(48, 1.0, 0.02);
        double[] longF = ramp(48, 1.0, 1.2);
        String common = "\"rms_norm_eps\": 1e-05,\n  \"max_position_embeddings\": 131072,\n  "
                + "\"original_max_position_embeddings\": 4096,\n  \"rope_theta\": 10000.0,\n  "
                + "\"sliding_window\": 262144";
        Path both = w.write(
                dir.resolve("both"),
                common + ",\n  \"rope_scaling\": {\"type\": \"longrope\", " + "\"short_factor\": " + list(shortF)
                        + ", \"long_factor\": " + list(longF) + "}");
        Path longOnly = w.write(
                dir.resolve("long"),
                common + ",\n  \"rope_scaling\": {\"type\": \"longrope\", " + "\"short_factor\": " + list(longF)
                        + ", \"long_factor\": " + list(longF) + "}");
        Path shortOnly = w.write(
                dir.resolve("short"),
                common + ",\n  \"rope_scaling\": {\"type\": \"longrope\", " + "\"short_factor\": " + list(shortF)
                        + ", \"long_factor\": " + list(shortF) + "}");
        try (Phi3ForCausalLM m = Phi3ForCausalLM.fromPretrained(both, Backends.djl(), DType.FLOAT32)) {
            RopeScaling rope = m.config().rope();
            assertEquals(RopeScaling.Type.LONGROPE, rope.type());
            assertEquals(96, m.phi3Config().rotaryDim());
            assertEquals(1.190238, rope.attentionFactor(), 1e-6, "√(1 + ln 32 / ln 4096)");
            assertEquals(131072, m.maxPositions());
        }
        Random rnd = new Random(5);
        long[] ids = new long[4097];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(50);
        }
        double[][] above = logits(both, Backends.djl(), DType.FLOAT32, ids, true);
        for (double v : above[0]) {
            assertTrue(Double.isFinite(v), "finite logits at 4097 tokens");
        }
        assertEquals(
                0,
                maxDiff(above, logits(longOnly, Backends.djl(), DType.FLOAT32, ids, true)),
                1e-6,
                "4097 > 4096 tokens: the long factors");
        assertTrue(
                maxDiff(above, logits(shortOnly, Backends.djl(), DType.FLOAT32, ids, true)) > 1e-3,
                "the short factors would give other logits");
        long[] few = Arrays.copyOf(ids, 16);
        double[][] below = logits(both, Backends.djl(), DType.FLOAT32, few, false);
        assertEquals(
                0,
                maxDiff(below, logits(shortOnly, Backends.djl(), DType.FLOAT32, few, false)),
                1e-6,
                "16 tokens: the short factors");
        assertTrue(
                maxDiff(below, logits(longOnly, Backends.djl(), DType.FLOAT32, few, false)) > 1e-3,
                "the long factors would give other logits");
    }
}
