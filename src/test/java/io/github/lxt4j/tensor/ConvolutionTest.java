package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** conv2d (generic im2col path and any native override) against a naive loop; col2im is the adjoint of im2col. */
class ConvolutionTest {

    /** {B, C, H, W, O, kh, kw, sh, sw, ph, pw}; the last two have stride = kernel (the patch-embedding path). */
    static final int[][] CASES = {
        {2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1},
        {1, 2, 8, 9, 3, 3, 2, 2, 3, 0, 1},
        {2, 1, 5, 5, 2, 1, 1, 1, 1, 0, 0},
        {1, 3, 9, 8, 2, 3, 3, 2, 2, 2, 1},
        {2, 3, 8, 8, 5, 4, 4, 4, 4, 0, 0},
        {1, 2, 10, 9, 3, 4, 4, 4, 4, 0, 0}, // 10x9 does not divide into 4x4 patches: the rest is cropped
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void conv2dMatchesNaiveLoop(Backend be, DType dt) {
        Random rnd = new Random(51);
        for (int[] c : CASES) {
            try (TensorScope s = TensorScope.open()) {
                Tensor x = Ref.random(rnd, c[0], c[1], c[2], c[3]).on(be, dt);
                Tensor w = Ref.random(rnd, c[4], c[1], c[5], c[6]).on(be, dt);
                Ref expected = Ref.conv2d(Ref.of(x), Ref.of(w), c[7], c[8], c[9], c[10]);
                String what = java.util.Arrays.toString(c);
                Check.close(
                        expected, Convolutions.conv2d(x, w, c[7], c[8], c[9], c[10]), Check.tol(dt), "generic " + what);
                Check.close(expected, x.conv2d(w, c[7], c[8], c[9], c[10]), Check.tol(dt), be.name() + " " + what);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void col2imIsTheAdjointOfIm2col(Backend be, DType dt) {
        Random rnd = new Random(52);
        for (int[] c : CASES) {
            try (TensorScope s = TensorScope.open()) {
                long[] xs = {c[0], c[1], c[2], c[3]};
                Tensor x = Ref.random(rnd, xs).on(be, dt);
                Tensor cols = Convolutions.im2col(x, c[5], c[6], c[7], c[8], c[9], c[10]);
                Tensor probe = Ref.random(rnd, cols.shape()).on(be, dt);
                Tensor back = Convolutions.col2im(probe, xs, c[5], c[6], c[7], c[8], c[9], c[10]);
                double lhs = cols.mul(probe).sumAll().item();
                double rhs = x.mul(back).sumAll().item();
                assertEquals(
                        lhs,
                        rhs,
                        Check.tol(dt) * Math.max(1, Math.abs(lhs)) * 10,
                        "<im2col(x), c> vs <x, col2im(c)> for " + java.util.Arrays.toString(c));
                org.junit.jupiter.api.Assertions.assertArrayEquals(xs, back.shape());
            }
        }
    }
}
