package io.github.lxt4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op's forward against a plain-Java computation: ≤ 1e-6 relative in float64, ≤ 1e-5 in float32. */
class OpsForwardTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Backend be : TestBackends.all()) {
            list.add(Arguments.of(be, DType.FLOAT64));
            list.add(Arguments.of(be, DType.FLOAT32));
        }
        return list.stream();
    }

    private final Random rnd = new Random(7);
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
        return Site.of(kind, "test." + kind.name().toLowerCase());
    }

    static void assertClose(Nd expected, Var actual, DType dtype, String what) {
        assertClose(expected, actual.value(), dtype, what);
    }

    static void assertClose(Nd expected, Tensor actual, DType dtype, String what) {
        assertArrayEquals(expected.longShape(), actual.shape(), what + ": shape");
        double tol = dtype == DType.FLOAT64 ? 1e-6 : 1e-5;
        double[] a = actual.toDoubleArray();
        double scale = Math.max(expected.maxAbs(), 1e-30);
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - expected.d[i]));
        }
        assertTrue(err <= tol * scale, what + " (" + dtype + "): max error " + err + " vs max|ref| " + scale);
    }

    private Var leaf(Nd a, Backend be, DType dt) {
        return Var.leaf(a.tensor(be, dt));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void linear(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 2, 3, 5);
        Nd w = Nd.random(rnd, 4, 5);
        Nd b = Nd.random(rnd, 4);
        assertClose(
                Reference.linear(x, w, b),
                LinearOp.apply(site(OpKind.LINEAR), leaf(x, be, dt), w.tensor(be, dt), b.tensor(be, dt)),
                dt,
                "linear");
        assertClose(
                Reference.linear(x, w, null),
                LinearOp.apply(site(OpKind.LINEAR), leaf(x, be, dt), w.tensor(be, dt), null),
                dt,
                "linear, no bias");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void conv2d(Backend be, DType dt) {
        int[][] configs = {{1, 0}, {2, 1}, {1, 2}, {3, 0}}; // {stride, padding}; stride 3 = kernel: patch path
        for (int[] c : configs) {
            Nd x = Nd.random(rnd, 2, 3, 7, 8);
            Nd w = Nd.random(rnd, 4, 3, 3, 3);
            Nd b = Nd.random(rnd, 4);
            assertClose(
                    Reference.conv2d(x, w, b, c[0], c[0], c[1], c[1]),
                    Conv2dOp.apply(
                            site(OpKind.CONV2D), leaf(x, be, dt), w.tensor(be, dt), b.tensor(be, dt), c[0], c[1]),
                    dt,
                    "conv2d stride " + c[0] + " pad " + c[1]);
        }
        Nd x = Nd.random(rnd, 1, 2, 6, 5);
        Nd w = Nd.random(rnd, 3, 2, 2, 3);
        assertClose(
                Reference.conv2d(x, w, null, 2, 1, 1, 0),
                Conv2dOp.apply(site(OpKind.CONV2D), leaf(x, be, dt), w.tensor(be, dt), null, 2, 1, 1, 0),
                dt,
                "conv2d, unequal strides and paddings");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matmulBroadcasting(Backend be, DType dt) {
        Nd a = Nd.random(rnd, 2, 1, 3, 4);
        Nd b = Nd.random(rnd, 3, 4, 2);
        assertClose(
                Reference.matmul(a, b),
                MatMulOp.apply(site(OpKind.MATMUL), leaf(a, be, dt), leaf(b, be, dt)),
                dt,
                "matmul");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void elementwiseBinary(Backend be, DType dt) {
        Nd a = Nd.random(rnd, 2, 3, 4);
        Nd b = Nd.random(rnd, 3, 1);
        Nd pos = Reference.map(Nd.random(rnd, 3, 1), v -> 0.5 + Math.abs(v));
        assertClose(
                Reference.binary(a, b, Double::sum),
                AddOp.apply(site(OpKind.ADD), leaf(a, be, dt), leaf(b, be, dt)),
                dt,
                "add");
        assertClose(
                Reference.binary(a, b, (p, q) -> p - q),
                SubOp.apply(site(OpKind.SUB), leaf(a, be, dt), leaf(b, be, dt)),
                dt,
                "sub");
        assertClose(
                Reference.binary(a, b, (p, q) -> p - q),
                SubOp.apply(site(OpKind.SUB), leaf(a, be, dt), b.tensor(be, dt)),
                dt,
                "sub constant");
        assertClose(
                Reference.binary(a, b, (p, q) -> p * q),
                MulOp.apply(site(OpKind.MUL), leaf(a, be, dt), leaf(b, be, dt)),
                dt,
                "mul");
        assertClose(
                Reference.binary(a, pos, (p, q) -> p / q),
                DivOp.apply(site(OpKind.DIV), leaf(a, be, dt), leaf(pos, be, dt)),
                dt,
                "div");
        assertClose(
                Reference.binary(a, b, (p, q) -> p * q),
                ScaleOp.apply(site(OpKind.SCALE), leaf(a, be, dt), b.tensor(be, dt)),
                dt,
                "scale by tensor");
        assertClose(
                Reference.map(a, v -> v * -0.37),
                ScaleOp.apply(site(OpKind.SCALE), leaf(a, be, dt), -0.37),
                dt,
                "scale by scalar");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void softmaxWithTemperatureAndMask(Backend be, DType dt) {
        Nd x = Reference.map(Nd.random(rnd, 2, 3, 5), v -> 3 * v);
        assertClose(
                Reference.softmax(x, 2, 1, null),
                SoftmaxOp.apply(site(OpKind.SOFTMAX), leaf(x, be, dt), -1),
                dt,
                "softmax");
        assertClose(
                Reference.softmax(x, 1, 1, null),
                SoftmaxOp.apply(site(OpKind.SOFTMAX), leaf(x, be, dt), 1),
                dt,
                "softmax axis 1");
        Nd mask = new Nd(
                new double[] {
                    1, 1, 1, 0, 0,
                    1, 0, 1, 1, 0,
                    0, 0, 0, 0, 0
                },
                1,
                3,
                5); // last row fully masked → zeros
        Tensor m = mask.tensor(be, DType.FLOAT32).gt(0.5);
        assertClose(
                Reference.softmax(x, 2, 0.7, mask),
                SoftmaxOp.apply(site(OpKind.SOFTMAX), leaf(x, be, dt), -1, 0.7, m),
                dt,
                "softmax T=0.7 masked");
        // masked inputs already at −inf (an additive mask on top of the BOOL one), fully masked row included
        Nd xInf = x.copy();
        for (int i = 0; i < xInf.d.length; i++) {
            if (mask.d[i % mask.d.length] == 0 && i % 2 == 0) {
                xInf.d[i] = Double.NEGATIVE_INFINITY;
            }
        }
        assertClose(
                Reference.softmax(xInf, 2, 0.7, mask),
                SoftmaxOp.apply(site(OpKind.SOFTMAX), leaf(xInf, be, dt), -1, 0.7, m),
                dt,
                "softmax, −inf inputs");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void norms(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 2, 3, 6);
        Nd w = Nd.random(rnd, 6);
        Nd b = Nd.random(rnd, 6);
        assertClose(
                Reference.rmsNorm(x, w, 1e-6),
                RmsNormOp.apply(site(OpKind.RMS_NORM), leaf(x, be, dt), w.tensor(be, dt), 1e-6),
                dt,
                "rms norm");
        assertClose(
                Reference.rmsNorm(x, null, 1e-5),
                RmsNormOp.apply(site(OpKind.RMS_NORM), leaf(x, be, dt), null, 1e-5),
                dt,
                "rms norm, no weight");
        assertClose(
                Reference.layerNorm(x, w, b, 1e-5),
                LayerNormOp.apply(site(OpKind.LAYER_NORM), leaf(x, be, dt), w.tensor(be, dt), b.tensor(be, dt), 1e-5),
                dt,
                "layer norm");
        assertClose(
                Reference.layerNorm(x, null, null, 1e-5),
                LayerNormOp.apply(site(OpKind.LAYER_NORM), leaf(x, be, dt), null, null, 1e-5),
                dt,
                "layer norm, no affine");
        assertClose(
                Reference.layerNorm(x, w, null, 1e-5),
                LayerNormOp.apply(site(OpKind.LAYER_NORM), leaf(x, be, dt), w.tensor(be, dt), null, 1e-5),
                dt,
                "layer norm, weight only");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normalize(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 3, 5);
        for (int j = 0; j < 5; j++) {
            x.set(1e-5 * (j + 1), 1, j); // a row with norm below eps
        }
        assertClose(
                Reference.normalize(x, 1, 1e-3),
                NormalizeOp.apply(site(OpKind.NORMALIZE), leaf(x, be, dt), -1, 1e-3),
                dt,
                "normalize rows");
        assertClose(
                Reference.normalize(x, 0, 1e-12),
                NormalizeOp.apply(site(OpKind.NORMALIZE), leaf(x, be, dt), 0),
                dt,
                "normalize columns");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rope(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 1, 2, 3, 4);
        Nd cos = new Nd(1, 1, 3, 4);
        Nd sin = new Nd(1, 1, 3, 4);
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < 4; j++) {
                double theta = t * Math.pow(10000, -2.0 * (j % 2) / 4);
                cos.set(Math.cos(theta), 0, 0, t, j);
                sin.set(Math.sin(theta), 0, 0, t, j);
            }
        }
        assertClose(
                Reference.rope(x, cos, sin),
                RopeOp.apply(site(OpKind.ROPE), leaf(x, be, dt), cos.tensor(be, dt), sin.tensor(be, dt)),
                dt,
                "rope");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void activations(Backend be, DType dt) {
        Nd x = Reference.map(Nd.random(rnd, 4, 6), v -> 2.5 * v);
        DoubleUnaryOperator[] refs = {
            Reference::silu, Reference::gelu, Reference::geluTanh, Reference::quickGelu, Reference::relu, Math::tanh
        };
        Activation[] acts = {
            Activation.SILU,
            Activation.GELU,
            Activation.GELU_TANH,
            Activation.QUICK_GELU,
            Activation.RELU,
            Activation.TANH
        };
        for (int i = 0; i < acts.length; i++) {
            assertClose(
                    Reference.map(x, refs[i]),
                    ActivationOp.apply(site(OpKind.ACTIVATION), leaf(x, be, dt), acts[i]),
                    dt,
                    acts[i].name());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reductions(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            for (boolean keep : new boolean[] {true, false}) {
                assertClose(
                        Reference.reduce(x, axis, keep, false),
                        SumOp.apply(site(OpKind.SUM), leaf(x, be, dt), axis, keep),
                        dt,
                        "sum " + axis + " " + keep);
                assertClose(
                        Reference.reduce(x, axis, keep, true),
                        MeanOp.apply(site(OpKind.MEAN), leaf(x, be, dt), axis - 3, keep),
                        dt,
                        "mean " + axis);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void structural(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 2, 3, 4);
        Var v = leaf(x, be, dt);

        assertClose(new Nd(x.d, 6, 4), ReshapeOp.apply(v, 6, 4), dt, "reshape");

        Nd perm = new Nd(4, 2, 3); // permute (2, 0, 1)
        for (int f = 0; f < x.size(); f++) {
            int[] i = x.unravel(f);
            perm.set(x.d[f], i[2], i[0], i[1]);
        }
        assertClose(perm, PermuteOp.apply(v, 2, 0, 1), dt, "permute");
        Nd tr = new Nd(2, 4, 3);
        for (int f = 0; f < x.size(); f++) {
            int[] i = x.unravel(f);
            tr.set(x.d[f], i[0], i[2], i[1]);
        }
        assertClose(tr, PermuteOp.transpose(v, -1, -2), dt, "transpose");

        Nd sl = new Nd(2, 3, 2);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 1; c < 3; c++) {
                    sl.set(x.get(a, b, c), a, b, c - 1);
                }
            }
        }
        assertClose(sl, SliceOp.apply(v, -1, 1, 3), dt, "slice");
        Nd sel = new Nd(2, 4);
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 4; c++) {
                sel.set(x.get(a, 2, c), a, c);
            }
        }
        assertClose(sel, SliceOp.select(v, 1, -1), dt, "select");

        Nd y = Nd.random(rnd, 2, 1, 4);
        Nd cat = new Nd(2, 4, 4);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    cat.set(b < 3 ? x.get(a, b, c) : y.get(a, 0, c), a, b, c);
                }
            }
        }
        assertClose(cat, ConcatOp.apply(List.of(v, leaf(y, be, dt)), 1), dt, "concat");

        Nd rep = new Nd(2, 6, 4);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 6; b++) {
                for (int c = 0; c < 4; c++) {
                    rep.set(x.get(a, b / 2, c), a, b, c);
                }
            }
        }
        assertClose(rep, RepeatInterleaveOp.apply(v, 1, 2), dt, "repeat interleave");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gatherAndTopk(Backend be, DType dt) {
        Nd x = Nd.random(rnd, 2, 5);
        long[] idx = {4, 0, 0, 1, 3, 3};
        Tensor indices = be.fromLongs(idx, 2, 3);
        Nd g = new Nd(2, 3);
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 3; k++) {
                g.set(x.get(r, (int) idx[r * 3 + k]), r, k);
            }
        }
        assertClose(g, GatherOp.apply(leaf(x, be, dt), 1, indices), dt, "gather");

        GatherOp.Result top = GatherOp.topk(leaf(x, be, dt), 2, -1);
        Nd expected = new Nd(2, 2);
        long[] expectedIdx = new long[4];
        for (int r = 0; r < 2; r++) {
            int best = -1;
            int second = -1;
            for (int c = 0; c < 5; c++) {
                if (best < 0 || x.get(r, c) > x.get(r, best)) {
                    second = best;
                    best = c;
                } else if (second < 0 || x.get(r, c) > x.get(r, second)) {
                    second = c;
                }
            }
            expected.set(x.get(r, best), r, 0);
            expected.set(x.get(r, second), r, 1);
            expectedIdx[2 * r] = best;
            expectedIdx[2 * r + 1] = second;
        }
        assertClose(expected, top.values(), dt, "topk values");
        assertArrayEquals(expectedIdx, top.indices().toLongArray(), "topk indices");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void embedding(Backend be, DType dt) {
        Nd w = Nd.random(rnd, 5, 3);
        long[] ids = {4, 0, 2, 2, 1, 4};
        Nd expected = new Nd(2, 3, 3);
        for (int t = 0; t < 6; t++) {
            for (int j = 0; j < 3; j++) {
                expected.d[t * 3 + j] = w.get((int) ids[t], j);
            }
        }
        assertClose(
                expected,
                EmbeddingOp.apply(site(OpKind.EMBEDDING), leaf(w, be, dt), be.fromLongs(ids, 2, 3)),
                dt,
                "embedding");
        assertClose(
                expected,
                EmbeddingOp.apply(site(OpKind.EMBEDDING), Var.constant(w.tensor(be, dt)), be.fromLongs(ids, 2, 3)),
                dt,
                "embedding of a constant table");
    }
}
