package io.github.lxt4j.autograd;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.DivOp;
import io.github.lxt4j.autograd.ops.EmbeddingOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MeanOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.autograd.ops.SubOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
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

/**
 * The ε rule of every op that accepts it, against {@code x ⊙ Jᵀ(R/stab(z))} computed from finite differences of the
 * forward ({@link EpsilonCheck}); ε = 0.05, large enough that a rule ignoring it would fail. RMSNorm holds its 1/rms
 * constant (LXT), so its expected value is written out as a loop over that linear map; LayerNorm's is in
 * {@code rules.ElementwiseRulesTest.layerNormEpsilonTreatsTheStdAsConstant}.
 */
class OpsEpsilonTest {

    private static final double EPS = 0.05;

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private final Random rnd = new Random(5);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static Site eps(OpKind kind) {
        return Site.of(kind, "eps." + kind.name().toLowerCase()).setRule(new Rules.Epsilon(EPS));
    }

    private static Var[] one(Var v) {
        return new Var[] {v};
    }

    private static Tensor t(Nd a, Backend be) {
        return a.tensor(be, DType.FLOAT64);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linearAndConv(Backend be) {
        Tensor w = t(Nd.random(rnd, 4, 5), be);
        Tensor b = t(Nd.random(rnd, 4), be);
        EpsilonCheck.check(
                "linear", be, in -> one(LinearOp.apply(eps(OpKind.LINEAR), in[0], w, b)), EPS, Nd.random(rnd, 2, 3, 5));
        Tensor k = t(Nd.random(rnd, 3, 2, 3, 3), be);
        Tensor kb = t(Nd.random(rnd, 3), be);
        EpsilonCheck.check(
                "conv2d stride 2 padding 1",
                be,
                in -> one(Conv2dOp.apply(eps(OpKind.CONV2D), in[0], k, kb, 2, 2, 1, 1)),
                EPS,
                Nd.random(rnd, 1, 2, 5, 6));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulWithBroadcasting(Backend be) {
        EpsilonCheck.check(
                "matmul",
                be,
                in -> one(MatMulOp.apply(eps(OpKind.MATMUL), in[0], in[1])),
                EPS,
                Nd.random(rnd, 2, 1, 3, 4),
                Nd.random(rnd, 3, 4, 2));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void elementwiseBinaryWithBroadcasting(Backend be) {
        Nd a = Nd.random(rnd, 2, 3, 4);
        Nd b = Nd.random(rnd, 3, 1);
        Nd pos = Reference.map(Nd.random(rnd, 1, 4), v -> 0.5 + Math.abs(v));
        EpsilonCheck.check("add", be, in -> one(AddOp.apply(eps(OpKind.ADD), in[0], in[1])), EPS, a, b);
        EpsilonCheck.check("sub", be, in -> one(SubOp.apply(eps(OpKind.SUB), in[0], in[1])), EPS, a, b);
        EpsilonCheck.check("sub, broadcast left", be, in -> one(SubOp.apply(eps(OpKind.SUB), in[0], in[1])), EPS, b, a);
        EpsilonCheck.check("mul", be, in -> one(MulOp.apply(eps(OpKind.MUL), in[0], in[1])), EPS, a, b);
        EpsilonCheck.check("div", be, in -> one(DivOp.apply(eps(OpKind.DIV), in[0], in[1])), EPS, a, pos);
        Tensor c = t(b, be);
        EpsilonCheck.check("add constant", be, in -> one(AddOp.apply(eps(OpKind.ADD), in[0], c)), EPS, a);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reductions(Backend be) {
        Nd x = Nd.random(rnd, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            for (boolean keep : new boolean[] {true, false}) {
                EpsilonCheck.check("sum", be, in -> one(SumOp.apply(eps(OpKind.SUM), in[0], a, keep)), EPS, x);
                EpsilonCheck.check("mean", be, in -> one(MeanOp.apply(eps(OpKind.MEAN), in[0], a, keep)), EPS, x);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ropeActivationsAndEmbedding(Backend be) {
        Nd cos = Reference.map(Nd.random(rnd, 1, 1, 3, 4), Math::cos);
        Nd sin = Reference.map(Nd.random(rnd, 1, 1, 3, 4), Math::sin);
        Tensor c = t(cos, be);
        Tensor s = t(sin, be);
        EpsilonCheck.check(
                "rope", be, in -> one(RopeOp.apply(eps(OpKind.ROPE), in[0], c, s)), EPS, Nd.random(rnd, 2, 2, 3, 4));
        Nd x = Reference.map(Nd.randomAwayFromZero(rnd, 3, 5), v -> 2.5 * v);
        for (Activation f : Activation.values()) {
            EpsilonCheck.check(f.name(), be, in -> one(ActivationOp.apply(eps(OpKind.ACTIVATION), in[0], f)), EPS, x);
        }
        Tensor ids = be.fromLongs(new long[] {3, 0, 3, 1, 1, 3}, 3, 2);
        EpsilonCheck.check(
                "embedding",
                be,
                in -> one(EmbeddingOp.apply(eps(OpKind.EMBEDDING), in[0], ids)),
                EPS,
                Nd.random(rnd, 5, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rmsNormHoldsTheRmsConstant(Backend be) {
        // y_i = x_i·inv·w_i with inv = 1/sqrt(mean(x²) + eps) constant: R_x_i = x_i·inv·w_i·R_i/stab(y_i)
        Nd x = Nd.random(rnd, 2, 5);
        Nd w = Nd.random(rnd, 5);
        double[] seed = Nd.random(rnd, 10).d;
        double[] expected = new double[10];
        for (int row = 0; row < 2; row++) {
            double ms = 0;
            for (int i = 0; i < 5; i++) {
                ms += x.get(row, i) * x.get(row, i) / 5;
            }
            double inv = 1 / Math.sqrt(ms + 1e-6);
            for (int i = 0; i < 5; i++) {
                double y = x.get(row, i) * inv * w.d[i];
                expected[row * 5 + i] = x.get(row, i) * inv * w.d[i] * seed[row * 5 + i] / stab(y);
            }
        }
        Tensor wt = t(w, be);
        assertClose(
                expected,
                relevance(be, in -> RmsNormOp.apply(eps(OpKind.RMS_NORM), in, wt, 1e-6), x, seed),
                "rms norm");
    }

    private static double stab(double z) {
        return z >= 0 ? z + EPS : z - EPS;
    }

    private static double[] relevance(Backend be, java.util.function.UnaryOperator<Var> f, Nd x, double[] seed) {
        try (Tape tape = Tape.record()) {
            Var leaf = Var.leaf(t(x, be));
            Var y = f.apply(leaf);
            y.backward(be.fromDoubles(seed, DType.FLOAT64, y.shape()));
            return leaf.grad().toDoubleArray();
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 1e-12;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        org.junit.jupiter.api.Assertions.assertTrue(
                scale > 1e-3 && err <= 1e-9 * scale, what + ": max error " + err + " at scale " + scale);
    }
}
