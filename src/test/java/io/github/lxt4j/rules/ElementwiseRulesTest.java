package io.github.lxt4j.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.autograd.Nd;
import io.github.lxt4j.autograd.TestBackends;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.DivOp;
import io.github.lxt4j.autograd.ops.EmbeddingOp;
import io.github.lxt4j.autograd.ops.LayerNormOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MeanOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.NormalizeOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.autograd.ops.SubOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-worked relevance of the non-linear-layer ops, each number derived in the comment from the rule's formula. */
class ElementwiseRulesTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static Site site(OpKind kind, Rule rule) {
        return Site.of(kind, "hand." + kind.name().toLowerCase()).setRule(rule);
    }

    private static Nd v(double... values) {
        return new Nd(values, values.length);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmaxTaylor(Backend be) {
        Site sm = site(OpKind.SOFTMAX, new Rules.SoftmaxTaylor());
        // x = [1, 2], R = [1, 0]: s = [1/(1+e), e/(1+e)] = [0.268941, 0.731059], ΣR = 1
        // R_in = x ⊙ (R − s·ΣR) = [1·(1 − 0.268941), 2·(0 − 0.731059)] = [0.731059, −1.462117]
        double[][] r = Lrp.run(be, in -> SoftmaxOp.apply(sm, in[0], -1), new double[] {1, 0}, v(1, 2));
        assertArrayEquals(new double[] {0.7310585786300049, -1.4621171572600098}, r[0], 1e-12);

        // with temperature T = 2 and mask [1, 1, 0], x = [1, 2, −inf], R = [0.3, −0.2, 0]:
        // s = softmax([0.5, 1]) = [0.377541, 0.622459], s3 = 0; ΣR = 0.1
        // R_in = (x/T) ⊙ (R − s·ΣR) = [0.5·(0.3 − 0.0377541), 1·(−0.2 − 0.0622459), 0 (masked, the −inf counts as 0)]
        Tensor mask = be.fromDoubles(new double[] {1, 1, 0}, DType.FLOAT64, 3).gt(0.5);
        r = Lrp.run(
                be,
                in -> SoftmaxOp.apply(sm, in[0], -1, 2.0, mask),
                new double[] {0.3, -0.2, 0},
                v(1, 2, Double.NEGATIVE_INFINITY));
        assertArrayEquals(new double[] {0.13112296656009273, -0.26224593312018546, 0}, r[0], 1e-12);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulUniformEpsilonHalvesTheShares(Backend be) {
        Site mm = site(OpKind.MATMUL, new Rules.UniformEpsilon(1e-12));
        // a = [1, 2] (1×2), b = [3, 4]ᵀ (2×1): z = 11, R = 2, R/z = 2/11
        // ε share of a_k: a_k b_k R/z = [6/11, 16/11], halved → [3/11, 8/11]; b gets the same shares
        double[][] r = Lrp.run(
                be,
                in -> MatMulOp.apply(mm, in[0], in[1]),
                new double[] {2},
                new Nd(new double[] {1, 2}, 1, 2),
                new Nd(new double[] {3, 4}, 2, 1));
        assertArrayEquals(new double[] {3.0 / 11, 8.0 / 11}, r[0], 1e-12);
        assertArrayEquals(new double[] {3.0 / 11, 8.0 / 11}, r[1], 1e-12);

        // random 2×3 · 3×2 against the loop R_a[i,k] = ½ Σ_j a_ik b_kj R_ij/stab(z_ij), R_b[k,j] = ½ Σ_i (same)
        Random rnd = new Random(9);
        Nd a = Nd.random(rnd, 2, 3);
        Nd b = Nd.random(rnd, 3, 2);
        double[] seed = Nd.random(rnd, 4).d;
        double[] ra = new double[6];
        double[] rb = new double[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double z = 0;
                for (int k = 0; k < 3; k++) {
                    z += a.get(i, k) * b.get(k, j);
                }
                for (int k = 0; k < 3; k++) {
                    double share = 0.5 * a.get(i, k) * b.get(k, j) * seed[i * 2 + j] / Lrp.stab(z, 1e-12);
                    ra[i * 3 + k] += share;
                    rb[k * 2 + j] += share;
                }
            }
        }
        r = Lrp.run(be, in -> MatMulOp.apply(mm, in[0], in[1]), seed, a, b);
        LinearRulesTest.check(ra, r[0], "R_a");
        LinearRulesTest.check(rb, r[1], "R_b");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mulUniformAndIdentity(Backend be) {
        // a = [2, −3], b = [5, 7], R = [1, 4]: Uniform gives R/2 = [0.5, 2] to each, Identity gives R to each
        double[] seed = {1, 4};
        double[][] r = Lrp.run(
                be, in -> MulOp.apply(site(OpKind.MUL, new Rules.Uniform()), in[0], in[1]), seed, v(2, -3), v(5, 7));
        assertArrayEquals(new double[] {0.5, 2}, r[0], 0);
        assertArrayEquals(new double[] {0.5, 2}, r[1], 0);
        r = Lrp.run(
                be, in -> MulOp.apply(site(OpKind.MUL, new Rules.Identity()), in[0], in[1]), seed, v(2, -3), v(5, 7));
        assertArrayEquals(new double[] {1, 4}, r[0], 0);
        assertArrayEquals(new double[] {1, 4}, r[1], 0);
        // b = [5] broadcast over a: Uniform gives b the sum of its halves, 0.5 + 2 = 2.5
        r = Lrp.run(be, in -> MulOp.apply(site(OpKind.MUL, new Rules.Uniform()), in[0], in[1]), seed, v(2, -3), v(5));
        assertArrayEquals(new double[] {2.5}, r[1], 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void addEpsilonWithAConstantOperand(Backend be) {
        Site add = site(OpKind.ADD, new Rules.Epsilon(1e-12));
        // a = [1, 3] + constant c = [1, −1]: z = [2, 2]; R = [4, 6], R/z = [2, 3]
        // R_a = a ⊙ R/z = [2, 9]; the constant absorbs [2, −3]
        Tensor c = be.fromDoubles(new double[] {1, -1}, DType.FLOAT64, 2);
        double[][] r = Lrp.run(be, in -> AddOp.apply(add, in[0], c), new double[] {4, 6}, v(1, 3));
        assertArrayEquals(new double[] {2, 9}, r[0], 1e-9);
        // both operands Vars: b = [1, −1] gets [2, −3]; Σ = 10 = ΣR
        r = Lrp.run(be, in -> AddOp.apply(add, in[0], in[1]), new double[] {4, 6}, v(1, 3), v(1, -1));
        assertArrayEquals(new double[] {2, 9}, r[0], 1e-9);
        assertArrayEquals(new double[] {2, -3}, r[1], 1e-9);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void subEpsilonNegatesTheSubtrahendsShare(Backend be) {
        Site sub = site(OpKind.SUB, new Rules.Epsilon(1e-12));
        // a = [3, 1], b = [1, 3]: z = [2, −2]; R = [4, 6], R/z = [2, −3]
        // R_a = a ⊙ R/z = [6, −3]; R_b = −b ⊙ R/z = [−2, 9]; Σ = 10 = ΣR
        double[][] r = Lrp.run(be, in -> SubOp.apply(sub, in[0], in[1]), new double[] {4, 6}, v(3, 1), v(1, 3));
        assertArrayEquals(new double[] {6, -3}, r[0], 1e-9);
        assertArrayEquals(new double[] {-2, 9}, r[1], 1e-9);
        // Gradient: R and −R
        r = Lrp.run(
                be,
                in -> SubOp.apply(site(OpKind.SUB, new Rules.Gradient()), in[0], in[1]),
                new double[] {4, 6},
                v(3, 1),
                v(1, 3));
        assertArrayEquals(new double[] {-4, -6}, r[1], 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void moeRenormalisationWithEpsilon(Backend be) {
        Site div = site(OpKind.DIV, new Rules.Epsilon(1e-12));
        Site sum = site(OpKind.SUM, new Rules.Epsilon(1e-12));
        // w = [1, 3], S = Σw = 4, z = w/S = [0.25, 0.75], R = [1, 2], R/z = [4, 8/3]
        // div: R_w (numerator) = z ⊙ R/z = [1, 2]; R_S = −Σ z ⊙ R/z = −3
        // sum: R_w += w ⊙ R_S/S = [−0.75, −2.25] → R_w = [0.25, −0.25]
        // (= w ⊙ ∂(Σ_k (R_k/z_k)·z_k)/∂w = w ⊙ [(4 − 3)/4, (8/3 − 3)/4], gradient × input)
        double[][] r = Lrp.run(
                be, in -> DivOp.apply(div, in[0], SumOp.apply(sum, in[0], -1, true)), new double[] {1, 2}, v(1, 3));
        assertArrayEquals(new double[] {0.25, -0.25}, r[0], 1e-9);
        // Identity on the division treats the denominator as a constant: w gets R = [1, 2]
        r = Lrp.run(
                be,
                in -> DivOp.apply(site(OpKind.DIV, new Rules.Identity()), in[0], SumOp.apply(sum, in[0], -1, true)),
                new double[] {1, 2},
                v(1, 3));
        assertArrayEquals(new double[] {1, 2}, r[0], 1e-12);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sumAndMeanEpsilon(Backend be) {
        // x = [1, 3], sum z = 4, R = 2: R_x = x ⊙ R/z = [0.5, 1.5]
        double[][] r = Lrp.run(
                be,
                in -> SumOp.apply(site(OpKind.SUM, new Rules.Epsilon(1e-12)), in[0], 0, false),
                new double[] {2},
                v(1, 3));
        assertArrayEquals(new double[] {0.5, 1.5}, r[0], 1e-9);
        // mean z = 2, R = 2: R_x = (x/2) ⊙ R/z = [0.5, 1.5]
        r = Lrp.run(
                be,
                in -> MeanOp.apply(site(OpKind.MEAN, new Rules.Epsilon(1e-12)), in[0], 0, true),
                new double[] {2},
                v(1, 3));
        assertArrayEquals(new double[] {0.5, 1.5}, r[0], 1e-9);
        // identity has no meaning for a reduction
        UnsupportedRuleException e = assertThrows(
                UnsupportedRuleException.class,
                () -> Lrp.run(
                        be,
                        in -> SumOp.apply(site(OpKind.SUM, new Rules.Identity()), in[0], 0, false),
                        new double[] {2},
                        v(1, 3)));
        assertTrue(e.getMessage().contains("hand.sum"), e.getMessage());
        assertThrows(
                UnsupportedRuleException.class,
                () -> Lrp.run(
                        be,
                        in -> MeanOp.apply(site(OpKind.MEAN, new Rules.Identity()), in[0], 0, false),
                        new double[] {2},
                        v(1, 3)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void layerNormEpsilonTreatsTheStdAsConstant(Backend be) {
        // x = [1, 2, 4], w = [1, 2, −1], b = [0.5, 0, 0], eps = 0: μ = 7/3, centred [−4/3, −1/3, 5/3],
        // var = 14/9, c = 3/√14 = 0.801784; y = centred·c·w + b = [−0.569045, −0.534522, −1.336306]
        // J[j][i] = c·w_j·(δ_ij − 1/3); R = [1, 1, 1]; R_x_i = Σ_j x_i J[j][i] R_j / y_j
        //   = [−0.139333, −3.460667, 7.478665], Σ = 3.878665 = ΣR − Σ b·R/y (the bias absorbs −0.878665)
        Site ln = site(OpKind.LAYER_NORM, new Rules.Epsilon(1e-12));
        Tensor w = be.fromDoubles(new double[] {1, 2, -1}, DType.FLOAT64, 3);
        Tensor b = be.fromDoubles(new double[] {0.5, 0, 0}, DType.FLOAT64, 3);
        double[][] r = Lrp.run(be, in -> LayerNormOp.apply(ln, in[0], w, b, 0), new double[] {1, 1, 1}, v(1, 2, 4));
        assertArrayEquals(new double[] {-0.13933259094191558, -3.4606674090580842, 7.478665181883828}, r[0], 1e-9);

        // random rows against the explicit Jacobian of the linear map (x − μ)·c·w + b
        Random rnd = new Random(4);
        Nd x = Nd.random(rnd, 2, 5);
        Nd wn = Nd.random(rnd, 5);
        Nd bn = Nd.random(rnd, 5);
        double[] seed = Nd.random(rnd, 10).d;
        double[] expected = new double[10];
        for (int row = 0; row < 2; row++) {
            double mean = 0;
            for (int i = 0; i < 5; i++) {
                mean += x.get(row, i) / 5;
            }
            double var = 0;
            for (int i = 0; i < 5; i++) {
                var += (x.get(row, i) - mean) * (x.get(row, i) - mean) / 5;
            }
            double c = 1 / Math.sqrt(var + 1e-5);
            for (int j = 0; j < 5; j++) {
                double y = (x.get(row, j) - mean) * c * wn.d[j] + bn.d[j];
                for (int i = 0; i < 5; i++) {
                    double jac = c * wn.d[j] * ((i == j ? 1 : 0) - 1.0 / 5);
                    expected[row * 5 + i] += x.get(row, i) * jac * seed[row * 5 + j] / Lrp.stab(y, 1e-12);
                }
            }
        }
        Tensor wt = wn.tensor(be, DType.FLOAT64);
        Tensor bt = bn.tensor(be, DType.FLOAT64);
        r = Lrp.run(be, in -> LayerNormOp.apply(ln, in[0], wt, bt, 1e-5), seed, x);
        LinearRulesTest.check(expected, r[0], "layer norm epsilon");

        // Identity (AttnLRP): R unchanged
        r = Lrp.run(
                be,
                in -> LayerNormOp.apply(site(OpKind.LAYER_NORM, new Rules.Identity()), in[0], wt, bt, 1e-5),
                seed,
                x);
        assertArrayEquals(seed, r[0], 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void identityPassesRelevanceThrough(Backend be) {
        double[] seed = {0.5, -2, 3};
        Nd x = v(0.3, -1.2, 2);
        Rule id = new Rules.Identity();
        assertArrayEquals(
                seed,
                Lrp.run(
                        be,
                        in -> RmsNormOp.apply(
                                site(OpKind.RMS_NORM, id),
                                in[0],
                                be.fromDoubles(new double[] {2, 3, 4}, DType.FLOAT64, 3),
                                1e-6),
                        seed,
                        x)[0],
                0);
        assertArrayEquals(
                seed, Lrp.run(be, in -> NormalizeOp.apply(site(OpKind.NORMALIZE, id), in[0], 0), seed, x)[0], 0);
        // activations: LXT's identity_rule_implicit, R ⊙ x / (x + 1e-10)
        double[] shifted = new double[seed.length];
        for (int i = 0; i < seed.length; i++) {
            shifted[i] = seed[i] * x.d[i] / (x.d[i] + 1e-10);
        }
        for (Activation a : Activation.values()) {
            assertArrayEquals(
                    shifted,
                    Lrp.run(be, in -> ActivationOp.apply(site(OpKind.ACTIVATION, id), in[0], a), seed, x)[0],
                    1e-15,
                    a.name());
        }
        // a constant scale passes relevance unchanged under any LRP rule
        assertArrayEquals(
                seed,
                Lrp.run(be, in -> ScaleOp.apply(site(OpKind.SCALE, new Rules.Epsilon()), in[0], 0.125), seed, x)[0],
                0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void activationIdentityHasLxtsOffsetNearZero(Backend be) {
        // x = 1e-4: R / (1 + 1e-6); x = -1e-4: R / (1 - 1e-6); x = -1e-10 (x + 1e-10 = 0): R; x = 0: 0, as in LXT
        double[] seed = {1, 1, 2, 3};
        Nd x = v(1e-4, -1e-4, -1e-10, 0);
        double[] r = Lrp.run(
                be,
                in -> ActivationOp.apply(site(OpKind.ACTIVATION, new Rules.Identity()), in[0], Activation.SILU),
                seed,
                x)[0];
        assertEquals(1 / (1 + 1e-6), r[0], 1e-15);
        assertEquals(1 / (1 - 1e-6), r[1], 1e-15);
        assertEquals(2, r[2], 0);
        assertEquals(0, r[3], 0);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void embeddingRoutesRelevanceToRows(Backend be) {
        // ids [0, 2, 0], R rows [1, 2], [3, 4], [5, 6] → row 0 gets [1+5, 2+6], row 2 gets [3, 4], row 1 nothing
        Tensor ids = be.fromLongs(new long[] {0, 2, 0}, 3);
        Nd w = new Nd(new double[] {1, 1, 2, 2, 3, 3}, 3, 2);
        double[][] r = Lrp.run(
                be,
                in -> EmbeddingOp.apply(site(OpKind.EMBEDDING, new Rules.Identity()), in[0], ids),
                new double[] {1, 2, 3, 4, 5, 6},
                w);
        assertArrayEquals(new double[] {6, 8, 0, 0, 3, 4}, r[0], 0);
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> EmbeddingOp.apply(
                        site(OpKind.EMBEDDING, new Rules.Identity()),
                        Var.leaf(w.tensor(be, DType.FLOAT64)),
                        be.fromLongs(new long[] {3}, 1)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopRelevanceOnBinaryOps(Backend be) {
        Rule stop = new Rules.StopRelevance();
        double[][] r = Lrp.run(
                be,
                in -> AddOp.apply(
                        site(OpKind.ADD, stop),
                        in[0],
                        ScaleOp.apply(site(OpKind.SCALE, new Rules.Identity()), in[1], 2.0)),
                new double[] {1, 1},
                v(1, 2),
                v(3, 4));
        assertNull(r[0]);
        assertNull(r[1]);
        r = Lrp.run(be, in -> SoftmaxOp.apply(site(OpKind.SOFTMAX, stop), in[0], -1), new double[] {1, 1}, v(1, 2));
        assertNull(r[0]);
    }
}
