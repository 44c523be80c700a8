package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** sum/mean/max/argmax/softmax along every axis (negative ones too), with and without keepDims. */
class ReductionOpsTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void sumMeanMaxAlongEveryAxis(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(5), 2, 3, 4).on(be, dt);
            Ref r = Ref.of(x);
            for (int axis = -3; axis < 3; axis++) {
                int a = Math.floorMod(axis, 3);
                for (boolean keep : new boolean[] {false, true}) {
                    String what = "axis " + axis + " keep " + keep;
                    Check.close(r.sum(a, keep), x.sum(axis, keep), Check.tol(dt), "sum " + what);
                    Check.close(r.mean(a, keep), x.mean(axis, keep), Check.tol(dt), "mean " + what);
                    Check.close(r.max(a, keep), x.max(axis, keep), Check.tol(dt), "max " + what);
                    Check.dtype(dt, x.sum(axis, keep));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void sumAllAndMultiAxisSum(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(6), 2, 3, 4).on(be, dt);
            Ref r = Ref.of(x);
            Tensor all = x.sumAll();
            assertEquals(0, all.rank(), "sumAll is a scalar");
            double total = 0;
            for (double v : r.data) {
                total += v;
            }
            assertEquals(total, all.item(), Check.tol(dt) * Math.max(1, Math.abs(total)));
            Check.close(r.sum(2, true).sum(0, true), x.sum(new int[] {0, -1}, true), Check.tol(dt), "sum(0,-1) keep");
            Check.close(r.sum(2, false).sum(0, false), x.sum(new int[] {-1, 0}, false), Check.tol(dt), "sum(0,-1)");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void maxPropagatesNaN(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.fromDoubles(new double[] {1, Double.NaN, 3, 4, 5, 6}, dt, 2, 3);
            Check.close(new double[] {Double.NaN, 6}, x.max(1, false).toDoubleArray(), 0, "max");
            Check.close(new double[] {4, Double.NaN, 6}, x.max(0, false).toDoubleArray(), 0, "max axis 0");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void argmaxIsInt64AndPicksTheFirstOfTies(Backend be, DType dt) {
        Random rnd = new Random(8);
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.uniform(rnd, 0, 3, 3, 4, 5).map(Math::floor).on(be, dt); // many ties
            Ref r = Ref.of(x);
            for (int axis = -3; axis < 3; axis++) {
                Tensor am = x.argmax(axis);
                Check.dtype(DType.INT64, am);
                Check.exact(r.argmax(Math.floorMod(axis, 3)), am);
            }
            Tensor v = be.fromDoubles(new double[] {1, 7, 7, 2}, dt, 4);
            assertEquals(1L, v.argmax(0).toLongArray()[0]);
            assertEquals(0, v.argmax(0).rank());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void softmaxAlongEveryAxis(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(9), 2, 3, 4, 5).map(v -> 3 * v).on(be, dt);
            Ref r = Ref.of(x);
            for (int axis = -4; axis < 4; axis++) {
                Tensor sm = x.softmax(axis);
                Check.dtype(dt, sm);
                Check.close(r.softmax(Math.floorMod(axis, 4)), sm, Check.tol(dt), "softmax axis " + axis);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void softmaxOfMaskedRows(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            double ninf = Double.NEGATIVE_INFINITY;
            Tensor x = be.fromDoubles(new double[] {0, ninf, 1, ninf, ninf, ninf}, dt, 2, 3);
            double e = Math.exp(1);
            Check.close(
                    new double[] {1 / (1 + e), 0, e / (1 + e), Double.NaN, Double.NaN, Double.NaN},
                    x.softmax(-1).toDoubleArray(),
                    Check.tol(dt),
                    "masked softmax (a fully masked row is NaN)");
        }
    }
}
