package io.github.lxt4j.autograd;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.Conv2dOp;
import io.github.lxt4j.autograd.ops.DivOp;
import io.github.lxt4j.autograd.ops.EmbeddingOp;
import io.github.lxt4j.autograd.ops.GatherOp;
import io.github.lxt4j.autograd.ops.LayerNormOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MeanOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.NormalizeOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.RepeatInterleaveOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.autograd.ops.SubOp;
import io.github.lxt4j.autograd.ops.SumOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Gradient rule of every op against central finite differences in float64 (h = 1e-6), relative error ≤ 1e-6
 * of max |grad|. Sites carry no rule, so they apply the Gradient default.
 */
class OpsGradientTest {

    static Stream<Backend> backends() {
        return TestBackends.all().stream();
    }

    private final Random rnd = new Random(11);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static Site site(OpKind kind) {
        return Site.of(kind, "grad." + kind.name().toLowerCase());
    }

    private static Var[] one(Var v) {
        return new Var[] {v};
    }

    private static Tensor t(Nd a, Backend be) {
        return a.tensor(be, DType.FLOAT64);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linear(Backend be) {
        Tensor w = t(Nd.random(rnd, 4, 5), be);
        Tensor b = t(Nd.random(rnd, 4), be);
        GradCheck.check(
                "linear", be, in -> one(LinearOp.apply(site(OpKind.LINEAR), in[0], w, b)), Nd.random(rnd, 2, 3, 5));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conv2dWithStrideAndPadding(Backend be) {
        int[][] configs = {{1, 1, 0, 0}, {2, 2, 1, 1}, {1, 2, 2, 0}, {3, 3, 0, 0}}; // {sh, sw, ph, pw}; last: patches
        for (int[] c : configs) {
            Tensor w = t(Nd.random(rnd, 3, 2, 3, 3), be);
            Tensor b = t(Nd.random(rnd, 3), be);
            GradCheck.check(
                    "conv2d " + java.util.Arrays.toString(c),
                    be,
                    in -> one(Conv2dOp.apply(site(OpKind.CONV2D), in[0], w, b, c[0], c[1], c[2], c[3])),
                    Nd.random(rnd, 2, 2, 7, 8));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulWithBroadcasting(Backend be) {
        GradCheck.check(
                "matmul",
                be,
                in -> one(MatMulOp.apply(site(OpKind.MATMUL), in[0], in[1])),
                Nd.random(rnd, 2, 1, 3, 4),
                Nd.random(rnd, 3, 4, 2));
        GradCheck.check(
                "matmul 2-D right",
                be,
                in -> one(MatMulOp.apply(site(OpKind.MATMUL), in[0], in[1])),
                Nd.random(rnd, 2, 3, 4),
                Nd.random(rnd, 4, 2));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void addSubMulDivWithBroadcasting(Backend be) {
        Nd a = Nd.random(rnd, 2, 3, 4);
        Nd b = Nd.random(rnd, 3, 1);
        Nd pos = Reference.map(Nd.random(rnd, 1, 4), v -> 0.5 + Math.abs(v));
        GradCheck.check("add", be, in -> one(AddOp.apply(site(OpKind.ADD), in[0], in[1])), a, b);
        GradCheck.check("sub", be, in -> one(SubOp.apply(site(OpKind.SUB), in[0], in[1])), a, b);
        GradCheck.check("sub, broadcast left", be, in -> one(SubOp.apply(site(OpKind.SUB), in[0], in[1])), b, a);
        GradCheck.check("mul", be, in -> one(MulOp.apply(site(OpKind.MUL), in[0], in[1])), a, b);
        GradCheck.check("div", be, in -> one(DivOp.apply(site(OpKind.DIV), in[0], in[1])), a, pos);
        Tensor c = t(b, be);
        GradCheck.check("add constant", be, in -> one(AddOp.apply(site(OpKind.ADD), in[0], c)), a);
        GradCheck.check("sub constant", be, in -> one(SubOp.apply(site(OpKind.SUB), in[0], c)), a);
        Tensor cp = t(pos, be);
        GradCheck.check("div constant", be, in -> one(DivOp.apply(site(OpKind.DIV), in[0], cp)), a);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void renormalisationOfWeights(Backend be) {
        // the MoE renormalisation w / Σw, through SumOp and DivOp
        Nd w = Reference.map(Nd.random(rnd, 3, 2), v -> 0.2 + Math.abs(v));
        GradCheck.check(
                "w / sum(w)",
                be,
                in -> one(DivOp.apply(site(OpKind.DIV), in[0], SumOp.apply(site(OpKind.SUM), in[0], -1, true))),
                w);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void scale(Backend be) {
        Tensor c = t(Nd.random(rnd, 3, 1), be);
        GradCheck.check(
                "scale by tensor", be, in -> one(ScaleOp.apply(site(OpKind.SCALE), in[0], c)), Nd.random(rnd, 2, 3, 4));
        GradCheck.check(
                "scale by scalar",
                be,
                in -> one(ScaleOp.apply(site(OpKind.SCALE), in[0], 0.125)),
                Nd.random(rnd, 2, 3, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmaxWithTemperatureAndMask(Backend be) {
        Nd x = Reference.map(Nd.random(rnd, 2, 3, 5), v -> 2 * v);
        GradCheck.check("softmax", be, in -> one(SoftmaxOp.apply(site(OpKind.SOFTMAX), in[0], -1)), x);
        GradCheck.check("softmax T=0.6", be, in -> one(SoftmaxOp.apply(site(OpKind.SOFTMAX), in[0], 1, 0.6, null)), x);
        Nd maskValues = new Nd(
                new double[] {
                    1, 1, 0, 1, 0,
                    0, 1, 1, 1, 1,
                    0, 0, 0, 0, 0
                },
                3,
                5);
        Tensor mask = maskValues.tensor(be, DType.FLOAT32).gt(0.5);
        GradCheck.check(
                "softmax T=1.7 masked", be, in -> one(SoftmaxOp.apply(site(OpKind.SOFTMAX), in[0], -1, 1.7, mask)), x);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rope(Backend be) {
        Nd cos = new Nd(1, 1, 3, 4);
        Nd sin = new Nd(1, 1, 3, 4);
        for (int p = 0; p < 3; p++) {
            for (int j = 0; j < 4; j++) {
                double theta = (p + 1) * Math.pow(10000, -2.0 * (j % 2) / 4);
                cos.set(Math.cos(theta), 0, 0, p, j);
                sin.set(Math.sin(theta), 0, 0, p, j);
            }
        }
        Tensor c = t(cos, be);
        Tensor s = t(sin, be);
        GradCheck.check(
                "rope", be, in -> one(RopeOp.apply(site(OpKind.ROPE), in[0], c, s)), Nd.random(rnd, 2, 2, 3, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void eachActivation(Backend be) {
        Nd x = Reference.map(Nd.randomAwayFromZero(rnd, 3, 5), v -> 2.5 * v); // no entry at ReLU's kink
        for (Activation a : Activation.values()) {
            GradCheck.check(a.name(), be, in -> one(ActivationOp.apply(site(OpKind.ACTIVATION), in[0], a)), x);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void norms(Backend be) {
        Nd x = Nd.random(rnd, 2, 3, 6);
        Tensor w = t(Nd.random(rnd, 6), be);
        Tensor b = t(Nd.random(rnd, 6), be);
        GradCheck.check("rms norm", be, in -> one(RmsNormOp.apply(site(OpKind.RMS_NORM), in[0], w, 1e-6)), x);
        GradCheck.check(
                "rms norm, no weight", be, in -> one(RmsNormOp.apply(site(OpKind.RMS_NORM), in[0], null, 1e-6)), x);
        GradCheck.check("layer norm", be, in -> one(LayerNormOp.apply(site(OpKind.LAYER_NORM), in[0], w, b, 1e-5)), x);
        GradCheck.check(
                "layer norm, no affine",
                be,
                in -> one(LayerNormOp.apply(site(OpKind.LAYER_NORM), in[0], null, null, 1e-5)),
                x);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void normalize(Backend be) {
        Nd x = Nd.random(rnd, 3, 5);
        for (int j = 0; j < 5; j++) {
            x.set(1e-5 * (j - 2.5), 2, j); // ‖row 2‖ < eps: the clamp is active
        }
        GradCheck.check("normalize rows", be, in -> one(NormalizeOp.apply(site(OpKind.NORMALIZE), in[0], -1, 1e-3)), x);
        GradCheck.check(
                "normalize columns",
                be,
                in -> one(NormalizeOp.apply(site(OpKind.NORMALIZE), in[0], 0)),
                Nd.random(rnd, 3, 5));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reductions(Backend be) {
        Nd x = Nd.random(rnd, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            for (boolean keep : new boolean[] {true, false}) {
                GradCheck.check("sum", be, in -> one(SumOp.apply(site(OpKind.SUM), in[0], a, keep)), x);
                GradCheck.check("mean", be, in -> one(MeanOp.apply(site(OpKind.MEAN), in[0], a, keep)), x);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void structural(Backend be) {
        Nd x = Nd.random(rnd, 2, 3, 4);
        GradCheck.check("reshape", be, in -> one(ReshapeOp.apply(in[0], 4, 6)), x);
        GradCheck.check("permute", be, in -> one(PermuteOp.apply(in[0], 2, 0, 1)), x);
        GradCheck.check("transpose", be, in -> one(PermuteOp.transpose(in[0], 0, -1)), x);
        GradCheck.check("slice", be, in -> one(SliceOp.apply(in[0], 1, 1, 3)), x);
        GradCheck.check("select", be, in -> one(SliceOp.select(in[0], -1, 2)), x);
        GradCheck.check(
                "concat", be, in -> one(ConcatOp.apply(List.of(in[0], in[1], in[0]), 1)), x, Nd.random(rnd, 2, 2, 4));
        GradCheck.check("repeat interleave", be, in -> one(RepeatInterleaveOp.apply(in[0], 1, 3)), x);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gatherAndTopk(Backend be) {
        Nd x = Nd.random(rnd, 2, 3, 5);
        Tensor idx = be.fromLongs(new long[] {0, 4, 4, 1, 2, 2, 3, 0, 0, 1, 1, 1, 4, 3, 2, 0, 0, 0}, 2, 3, 3);
        GradCheck.check("gather (repeated indices)", be, in -> one(GatherOp.apply(in[0], 2, idx)), x);
        Tensor idx1 = be.fromLongs(new long[] {2, 0, 1, 1, 0, 0, 2, 2, 1, 0}, 2, 1, 5);
        GradCheck.check("gather axis 1", be, in -> one(GatherOp.apply(in[0], 1, idx1)), x);
        GradCheck.check("topk", be, in -> one(GatherOp.topk(in[0], 3, -1).values()), x);
        GradCheck.check("topk axis 1", be, in -> one(GatherOp.topk(in[0], 2, 1).values()), x);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void embedding(Backend be) {
        Tensor ids = be.fromLongs(new long[] {3, 0, 3, 1, 1, 3}, 3, 2);
        GradCheck.check(
                "embedding",
                be,
                in -> one(EmbeddingOp.apply(site(OpKind.EMBEDDING), in[0], ids)),
                Nd.random(rnd, 5, 4));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void checkpointedSegments(Backend be) {
        Tensor w1 = t(Nd.random(rnd, 4, 4), be);
        Tensor w2 = t(Nd.random(rnd, 4, 4), be);
        GradCheck.Fn block = in -> {
            Var h = Checkpoint.run1(
                    x -> {
                        Var a = ActivationOp.apply(
                                site(OpKind.ACTIVATION),
                                LinearOp.apply(site(OpKind.LINEAR), x, w1, null),
                                Activation.SILU);
                        return AddOp.apply(site(OpKind.ADD), a, x);
                    },
                    in[0]);
            Var[] two = Checkpoint.run(
                    v -> new Var[] {
                        MatMulOp.apply(site(OpKind.MATMUL), v[0], PermuteOp.transpose(v[1], -1, -2)),
                        LinearOp.apply(site(OpKind.LINEAR), v[1], w2, null)
                    },
                    h,
                    in[1]);
            return new Var[] {SoftmaxOp.apply(site(OpKind.SOFTMAX), two[0], -1), two[1]};
        };
        GradCheck.check("checkpointed segments", be, block, Nd.random(rnd, 3, 4), Nd.random(rnd, 2, 4));
    }
}
