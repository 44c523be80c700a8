package io.github.lxt4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.Tape;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The linear-layer rules: hand-worked numbers, and random layers against {@link DenseRuleFormulas}. */
class LinearRulesTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private static double[] linear(Backend be, Rule rule, double[] x, Nd w, double[] b, double[] r) {
        Site site = Site.of(OpKind.LINEAR, "lin").setRule(rule);
        try (TensorScope s = TensorScope.open()) {
            Tensor wt = w.tensor(be, DType.FLOAT64);
            Tensor bt = b == null ? null : be.fromDoubles(b, DType.FLOAT64, b.length);
            return Lrp.run(be, in -> LinearOp.apply(site, in[0], wt, bt), r, new Nd(x, 1, x.length))[0];
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void epsilonByHand(Backend be) {
        Nd w = new Nd(new double[] {1, -1, 2, 1}, 2, 2);
        // x = [1, 2]: z = [1 − 2, 2 + 2] = [−1, 4]; R = [1, 2]; R/z = [−1, 0.5]
        // R_x1 = 1·(1·(−1) + 2·0.5) = 0;  R_x2 = 2·((−1)·(−1) + 1·0.5) = 3;  Σ = 3 = ΣR
        assertArrayEquals(
                new double[] {0, 3},
                linear(be, new Rules.Epsilon(1e-12), new double[] {1, 2}, w, null, new double[] {1, 2}),
                1e-9);
        // bias [3, −2]: z = [2, 2]; R/z = [0.5, 1]; R_x1 = 1·(0.5 + 2) = 2.5; R_x2 = 2·(−0.5 + 1) = 1
        // the bias absorbs 3·0.5 − 2·1 = −0.5, so Σ R_x = 3.5
        assertArrayEquals(
                new double[] {2.5, 1},
                linear(be, new Rules.Epsilon(1e-12), new double[] {1, 2}, w, new double[] {3, -2}, new double[] {1, 2}),
                1e-9);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gammaByHand(Backend be) {
        // x = [1, −2], γ = 0.25, W rows and biases:
        //   row 0: [1, 0.5],  b = 0.5  → z =  1 − 1 + 0.5 = 0.5 > 0
        //   row 1: [−1, 1],   b = −0.5 → z = −1 − 2 − 0.5 = −3.5 < 0
        //   row 2: [2, 1],    b = 0    → z =  2 − 2 = 0 → no relevance
        // row 0 (z > 0): W⁺γ = [1.25, 0.625], W⁻γ = [1, 0.5]; denominator = 1.25·1 + 0.5·(−2) + (0.5 + 0.125) = 0.875
        //   R = 1: to x1 (x⁺, W⁺γ) 1.25/0.875 = 1.428571; to x2 (x⁻, W⁻γ) −1/0.875 = −1.142857
        // row 1 (z < 0): W⁺γ = [−1, 1.25], W⁻γ = [−1.25, 1]; denominator = W⁻γ·x⁺ + W⁺γ·x⁻ + (b + γb⁻)
        //   = −1.25 − 2.5 − 0.625 = −4.375; R = 2: to x1 −1.25·2/−4.375 = 0.571429; to x2 −2.5·2/−4.375 = 1.142857
        // total: x1 = 2, x2 = 0 (to about 1e-6, the stabilizer)
        Nd w = new Nd(new double[] {1, 0.5, -1, 1, 2, 1}, 3, 2);
        double[] b = {0.5, -0.5, 0};
        double[] x = {1, -2};
        double[] r = {1, 2, 3};
        double[] got = linear(be, new Rules.Gamma(0.25), x, w, b, r);
        assertArrayEquals(new double[] {2, 0}, got, 1e-5);
        assertArrayEquals(DenseRuleFormulas.gamma(x, w, b, r, 0.25, 1e-6), got, 1e-12);
        // the z = 0 row passes nothing on: changing its relevance changes nothing
        assertArrayEquals(got, linear(be, new Rules.Gamma(0.25), x, w, b, new double[] {1, 2, -40}), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void zPlusByHand(Backend be) {
        // x = [1, −2]; row 0 [1, 0.5]: W⁺x⁺ + W⁻x⁻ = 1 (0.5 meets x⁻, W⁻ = 0); row 1 [−1, −1]: (−1)(−2) = 2
        // R = [1, 2]: x1 = 1·1·1/1 = 1; x2 = (−2)(−1)·2/2 = 2; Σ = 3 = ΣR
        Nd w = new Nd(new double[] {1, 0.5, -1, -1}, 2, 2);
        assertArrayEquals(
                new double[] {1, 2},
                linear(be, new Rules.ZPlus(), new double[] {1, -2}, w, null, new double[] {1, 2}),
                1e-5);
        // zennit puts b⁺ in the denominator: b = [0.5, −3] → row 0: 1 + 0.5 = 1.5, row 1: 2 + 0 (b⁻ is dropped)
        // x1 = 1·1·1/1.5 = 2/3; x2 = 2 as before; the positive bias absorbs 1/3
        assertArrayEquals(
                new double[] {2.0 / 3, 2},
                linear(be, new Rules.ZPlus(), new double[] {1, -2}, w, new double[] {0.5, -3}, new double[] {1, 2}),
                1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alphaBetaByHand(Backend be) {
        // x = [2, −1, 1], W = [1, −1, −1], R = 1, α = 2, β = 1
        // positive part: x1⁺W⁺ = 2, x2⁻W⁻ = 1 → z⁺ = 3; negative part: x3⁺W⁻ = −1 → z⁻ = −1
        // R_x = 2·[2/3, 1/3, 0] − 1·[0, 0, (−1)/(−1)] = [4/3, 2/3, −1]; Σ = 1 = (α − β)R
        Nd w = new Nd(new double[] {1, -1, -1}, 1, 3);
        assertArrayEquals(
                new double[] {4.0 / 3, 2.0 / 3, -1},
                linear(be, new Rules.AlphaBeta(2, 1), new double[] {2, -1, 1}, w, null, new double[] {1}),
                1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void flatAndWSquareByHand(Backend be) {
        // Flat: 3 inputs, R = [1, 2] → each input gets 1/3 + 2/3 = 1, whatever x and W are
        Nd w = new Nd(new double[] {1, -1, 2, 0, 3, 1}, 2, 3);
        assertArrayEquals(
                new double[] {1, 1, 1},
                linear(be, new Rules.Flat(), new double[] {5, -7, 0.1}, w, null, new double[] {1, 2}),
                1e-5);
        // WSquare: W² rows [1, 1, 4] (Σ 6) and [0, 9, 1] (Σ 10); R = [6, 10] → [1 + 0, 1 + 9, 4 + 1]
        assertArrayEquals(
                new double[] {1, 10, 5},
                linear(be, new Rules.WSquare(), new double[] {5, -7, 0.1}, w, null, new double[] {6, 10}),
                1e-5);
        // with bias [2, 0]: b² joins the denominator, row 0 sums to 6 + 4 = 10 → [0.6, 0.6, 2.4] + [0, 9, 1]
        assertArrayEquals(
                new double[] {0.6, 9.6, 3.4},
                linear(be, new Rules.WSquare(), new double[] {5, -7, 0.1}, w, new double[] {2, 0}, new double[] {6, 10
                }),
                1e-5);
        // Flat ignores the bias
        assertArrayEquals(
                new double[] {1, 1, 1},
                linear(be, new Rules.Flat(), new double[] {5, -7, 0.1}, w, new double[] {2, 0}, new double[] {1, 2}),
                1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void zBoxByHand(Backend be) {
        // x = [0.5, −0.5] in [−1, 1], W = [1, −2]: z = 0.5 + 1 − (1·(−1)) − ((−2)·1) = 4.5; R = 9 → s = 2
        // x1: (0.5·1 − (−1)·1 − 1·0)·2 = 3;  x2: ((−0.5)(−2) − 0 − 1·(−2))·2 = 6
        Nd w = new Nd(new double[] {1, -2}, 1, 2);
        assertArrayEquals(
                new double[] {3, 6},
                linear(be, new Rules.ZBox(-1, 1), new double[] {0.5, -0.5}, w, null, new double[] {9}),
                1e-5);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void randomLayersMatchTheFormulas(Backend be) {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 5; trial++) {
            Nd w = Nd.random(rnd, 4, 6);
            double[] b = Nd.random(rnd, 4).d;
            double[] x = Nd.random(rnd, 6).d;
            double[] r = Nd.random(rnd, 4).d;
            check(
                    DenseRuleFormulas.epsilon(x, w, b, r, 1e-9),
                    linear(be, new Rules.Epsilon(1e-9), x, w, b, r),
                    "epsilon with bias");
            check(
                    DenseRuleFormulas.epsilon(x, w, null, r, 1e-9),
                    linear(be, new Rules.Epsilon(1e-9), x, w, null, r),
                    "epsilon");
            check(
                    DenseRuleFormulas.gamma(x, w, b, r, 0.25, 1e-6),
                    linear(be, new Rules.Gamma(0.25), x, w, b, r),
                    "gamma with bias");
            check(
                    DenseRuleFormulas.gamma(x, w, null, r, 0.05, 1e-6),
                    linear(be, new Rules.Gamma(0.05), x, w, null, r),
                    "gamma");
            check(
                    DenseRuleFormulas.alphaBeta(x, w, b, r, 1, 0, 1e-6),
                    linear(be, new Rules.ZPlus(), x, w, b, r),
                    "zplus with bias");
            check(
                    DenseRuleFormulas.alphaBeta(x, w, null, r, 1, 0, 1e-6),
                    linear(be, new Rules.ZPlus(), x, w, null, r),
                    "zplus");
            check(
                    DenseRuleFormulas.alphaBeta(x, w, b, r, 2, 1, 1e-6),
                    linear(be, new Rules.AlphaBeta(2, 1), x, w, b, r),
                    "alpha2-beta1 with bias");
            check(
                    DenseRuleFormulas.alphaBeta(x, w, null, r, 2, 1, 1e-6),
                    linear(be, new Rules.AlphaBeta(2, 1), x, w, null, r),
                    "alpha2-beta1");
            check(
                    DenseRuleFormulas.redistribute(DenseRuleFormulas.ones(4, 6), null, r, 1e-6),
                    linear(be, new Rules.Flat(), x, w, b, r),
                    "flat (the bias takes no part)");
            check(
                    DenseRuleFormulas.redistribute(DenseRuleFormulas.squared(w), DenseRuleFormulas.squared(b), r, 1e-6),
                    linear(be, new Rules.WSquare(), x, w, b, r),
                    "wsquare with bias");
            check(DenseRuleFormulas.zBox(x, w, r, -1, 1, 1e-6), linear(be, new Rules.ZBox(-1, 1), x, w, b, r), "zbox");
        }
    }

    static void check(double[] expected, double[] actual, String what) {
        double scale = 1e-30;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(expected, actual, 1e-10 * scale, what);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopRelevanceCutsTheBranch(Backend be) {
        // y = stop(linear(x)) + x, add with ε: x = [1, 2], W = 2·I → h = [2, 4], z = [3, 6]; R = z → R/z = 1
        // the add gives h [2, 4] and x [1, 2]; the linear passes nothing on, so x keeps only [1, 2]
        Site lin = Site.of(OpKind.LINEAR, "lin").setRule(new Rules.StopRelevance());
        Site add = Site.of(OpKind.ADD, "res").setRule(new Rules.Epsilon(1e-12));
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, 2}, DType.FLOAT64, 1, 2));
            Tensor w = be.fromDoubles(new double[] {2, 0, 0, 2}, DType.FLOAT64, 2, 2);
            Var h = LinearOp.apply(lin, x, w, null).retainGrad();
            Var y = AddOp.apply(add, h, x);
            y.backward(y);
            assertArrayEquals(new double[] {2, 4}, h.grad().toDoubleArray(), 1e-9);
            assertArrayEquals(new double[] {1, 2}, x.grad().toDoubleArray(), 1e-9);
        }
        // with stop on the only path, nothing reaches x
        try (TensorScope s = TensorScope.open();
                Tape tape = Tape.record()) {
            Var x = Var.leaf(be.fromDoubles(new double[] {1, 2}, DType.FLOAT64, 1, 2));
            Var h = LinearOp.apply(lin, x, be.fromDoubles(new double[] {2, 0, 0, 2}, DType.FLOAT64, 2, 2), null);
            h.backward(h);
            assertFalse(x.hasGrad());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void epsilonDefaultsFollowTheDtype(Backend be) {
        assertEquals(1e-12, new Rules.Epsilon().epsilon(DType.FLOAT64));
        assertEquals(1e-9, new Rules.Epsilon().epsilon(DType.FLOAT32));
        assertEquals(1e-4, new Rules.Epsilon().epsilon(DType.FLOAT16));
        assertEquals(0.5, new Rules.Epsilon(0.5).epsilon(DType.FLOAT64));
        // the default really is used: with z = 0 (x = [1, −1], W = [1, 1]) R/stab(z) = R/1e-12 in float64
        Nd w = new Nd(new double[] {1, 1}, 1, 2);
        double[] got = linear(be, new Rules.Epsilon(), new double[] {1, -1}, w, null, new double[] {1e-12});
        assertArrayEquals(new double[] {1, -1}, got, 1e-6);
    }
}
