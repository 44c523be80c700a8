package io.github.lxt4j.models.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.testing.TestBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An original T5 (relu FF, tied embeddings) with random weights, against an independent float64 forward pass in
 * plain loops; the d_model^-0.5 output scaling, the untied head, and the encoder padding mask.
 */
class T5RandomModelTest {

    static final long[] SRC = {3, 17, 5, 9, 1, 22, 8};
    static final long[] DEC = {0, 4, 11, 2, 19};

    static Stream<Backend> backends() {
        return TestBackends.all();
    }

    private static double[] logits(Path dir, Backend backend, DType dtype, long[] src, long[][] mask) {
        try (TensorScope s = TensorScope.open();
                T5ForConditionalGeneration m = T5ForConditionalGeneration.fromPretrained(dir, backend, dtype)) {
            Var e = m.embed(backend.fromLongs(src, 1, src.length));
            Var d = m.embed(backend.fromLongs(DEC, 1, DEC.length));
            return m.forward(e, d, mask, io.github.lxt4j.models.Seq2SeqOptions.defaults())
                    .value()
                    .toDoubleArray();
        }
    }

    private static double[] flat(double[][] m) {
        return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tol, what + ": max|a-b| = " + worst + " > " + tol);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tiedReluModelMatchesFloat64Loops(Backend backend, @TempDir Path dir) {
        RandomT5 w = new RandomT5(42, false, 0);
        w.write(dir, "\"feed_forward_proj\": \"relu\",\n  \"tie_word_embeddings\": true");
        double[] expected = flat(new T5Reference(w, true, "shared.weight").logits(SRC, DEC));
        double scale = maxAbs(expected);
        assertTrue(scale > 0.1, "a non-trivial reference");
        assertClose(expected, logits(dir, backend, DType.FLOAT64, SRC, null), 1e-10 * scale, "float64");
        assertClose(expected, logits(dir, backend, DType.FLOAT32, SRC, null), 1e-5 * scale, "float32");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tiedHeadScalesTheDecoderOutput(Backend backend, @TempDir Path dir) throws Exception {
        RandomT5 w = new RandomT5(7, false, 0);
        Path tied = Files.createDirectory(dir.resolve("tied"));
        Path unscaled = Files.createDirectory(dir.resolve("unscaled"));
        w.write(tied, "\"tie_word_embeddings\": true");
        w.write(unscaled, "\"tie_word_embeddings\": true,\n  \"scale_decoder_outputs\": false");
        try (TensorScope s = TensorScope.open();
                T5ForConditionalGeneration a = T5ForConditionalGeneration.fromPretrained(tied, backend, DType.FLOAT64);
                T5ForConditionalGeneration b =
                        T5ForConditionalGeneration.fromPretrained(unscaled, backend, DType.FLOAT64)) {
            assertTrue(a.config().scaleDecoderOutputs() && a.headTied());
            assertFalse(b.config().scaleDecoderOutputs());
        }
        double[] scaled = logits(tied, backend, DType.FLOAT64, SRC, null);
        double[] plain = logits(unscaled, backend, DType.FLOAT64, SRC, null);
        double[] times = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            times[i] = scaled[i] * Math.sqrt(RandomT5.D);
        }
        assertClose(plain, times, 1e-12 * maxAbs(plain), "logits · √d_model");
        assertClose(
                flat(new T5Reference(w, false, "shared.weight").logits(SRC, DEC)),
                plain,
                1e-10 * maxAbs(plain),
                "scale_decoder_outputs false");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void untiedHeadIsReadAndNotScaled(Backend backend, @TempDir Path dir) {
        RandomT5 w = new RandomT5(11, true, RandomT5.VOCAB);
        w.write(dir, "\"feed_forward_proj\": \"relu\",\n  \"tie_word_embeddings\": false");
        double[] expected = flat(new T5Reference(w, false, "lm_head.weight").logits(SRC, DEC));
        assertClose(expected, logits(dir, backend, DType.FLOAT64, SRC, null), 1e-10 * maxAbs(expected), "untied");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void paddedSourceGivesTheSameLogits(Backend backend, @TempDir Path dir) {
        RandomT5 w = new RandomT5(5, false, 0);
        w.write(dir, "\"tie_word_embeddings\": true");
        long[] shortSrc = java.util.Arrays.copyOf(SRC, 5);
        long[] padded = {SRC[0], SRC[1], SRC[2], SRC[3], SRC[4], 0, 0};
        double[] expected = logits(dir, backend, DType.FLOAT64, shortSrc, null);
        double[] actual = logits(dir, backend, DType.FLOAT64, padded, new long[][] {{1, 1, 1, 1, 1, 0, 0}});
        assertClose(expected, actual, 1e-12 * maxAbs(expected), "padding mask");
        double[] unmasked = logits(dir, backend, DType.FLOAT64, padded, null);
        assertTrue(Math.abs(unmasked[0] - expected[0]) > 1e-6, "without the mask the padding is attended to");
    }
}
