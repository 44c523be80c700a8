package io.github.lxt4j.tensor;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Arithmetic and unary functions, with numpy broadcasting, against plain Java. */
class ElementwiseOpsTest {

    /** Shape pairs that exercise every broadcasting case: equal, trailing, leading, both-sided, scalar. */
    static final long[][][] PAIRS = {
        {{2, 3, 4}, {2, 3, 4}},
        {{2, 3, 4}, {4}},
        {{4}, {2, 3, 4}},
        {{2, 1, 4}, {3, 1}},
        {{2, 3, 4}, {2, 1, 4}},
        {{2, 1, 3, 1}, {1, 4, 1, 5}},
        {{6, 1}, {1, 6}},
        {{2, 3}, {}},
        {{}, {2, 3}},
    };

    private static void binary(
            Backend be, DType dt, DoubleBinaryOperator ref, java.util.function.BinaryOperator<Tensor> op, double lo) {
        Random rnd = new Random(7);
        for (long[][] pair : PAIRS) {
            try (TensorScope s = TensorScope.open()) {
                Tensor a = Ref.uniform(rnd, lo, 2, pair[0]).on(be, dt);
                Tensor b = Ref.uniform(rnd, lo, 2, pair[1]).on(be, dt);
                Tensor r = op.apply(a, b);
                Check.dtype(dt, r);
                Check.close(Ref.of(a).zip(Ref.of(b), ref), r, Check.tol(dt), java.util.Arrays.deepToString(pair));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void addSubMulDivBroadcast(Backend be, DType dt) {
        binary(be, dt, Double::sum, Tensor::add, -2);
        binary(be, dt, (x, y) -> x - y, Tensor::sub, -2);
        binary(be, dt, (x, y) -> x * y, Tensor::mul, -2);
        binary(be, dt, (x, y) -> x / y, Tensor::div, 0.5);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void maximumMinimumBroadcast(Backend be, DType dt) {
        binary(be, dt, Math::max, Tensor::maximum, -2);
        binary(be, dt, Math::min, Tensor::minimum, -2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void maximumMinimumClampPropagateNaN(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor a = be.fromDoubles(new double[] {1, Double.NaN, -3, 2}, dt, 4);
            Tensor b = be.fromDoubles(new double[] {0, 0, Double.NaN, 5}, dt, 4);
            double nan = Double.NaN;
            Check.close(new double[] {1, nan, nan, 5}, a.maximum(b).toDoubleArray(), 0, "maximum");
            Check.close(new double[] {0, nan, nan, 2}, a.minimum(b).toDoubleArray(), 0, "minimum");
            Check.close(new double[] {1, nan, 0, 2}, a.relu().toDoubleArray(), 0, "relu");
            Check.close(new double[] {0, 0, nan, 1}, b.clamp(-1, 1).toDoubleArray(), 0, "clamp");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void scalarOps(Backend be, DType dt) {
        Random rnd = new Random(3);
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(rnd, 3, 5).on(be, dt);
            Ref r = Ref.of(x);
            Check.close(r.map(v -> v + 0.25), x.add(0.25), dt);
            Check.close(r.map(v -> v - 1.5), x.sub(1.5), dt);
            Check.close(r.map(v -> v * -3), x.mul(-3), dt);
            Check.close(r.map(v -> v / 4), x.div(4), dt);
            Check.dtype(dt, x.add(0.25));
            Check.dtype(dt, x.mul(2));
        }
    }

    private static void unary(
            Backend be, DType dt, Ref input, UnaryOperator<Tensor> op, DoubleUnaryOperator ref, String what) {
        Tensor x = input.on(be, dt);
        Tensor r = op.apply(x);
        Check.dtype(dt, r);
        Check.close(Ref.of(x).map(ref), r, Check.tol(dt), what);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void unaryFunctions(Backend be, DType dt) {
        Random rnd = new Random(11);
        try (TensorScope s = TensorScope.open()) {
            Ref any = Ref.uniform(rnd, -2.5, 2.5, 2, 3, 4);
            Ref pos = Ref.uniform(rnd, 0.1, 3, 2, 3, 4);
            unary(be, dt, any, Tensor::neg, v -> -v, "neg");
            unary(be, dt, any, Tensor::exp, Math::exp, "exp");
            unary(be, dt, pos, Tensor::log, Math::log, "log");
            unary(be, dt, pos, Tensor::sqrt, Math::sqrt, "sqrt");
            unary(be, dt, any, Tensor::tanh, Math::tanh, "tanh");
            unary(be, dt, any, Tensor::erf, Ref::erf, "erf");
            unary(be, dt, any, Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)), "sigmoid");
            unary(be, dt, any, Tensor::sin, Math::sin, "sin");
            unary(be, dt, any, Tensor::cos, Math::cos, "cos");
            unary(be, dt, any, Tensor::abs, Math::abs, "abs");
            unary(be, dt, any, Tensor::square, v -> v * v, "square");
            unary(be, dt, pos, Tensor::rsqrt, v -> 1 / Math.sqrt(v), "rsqrt");
            unary(be, dt, pos, t -> t.pow(1.5), v -> Math.pow(v, 1.5), "pow 1.5");
            unary(be, dt, any, t -> t.pow(2), v -> v * v, "pow 2");
            unary(be, dt, any, t -> t.pow(3), v -> v * v * v, "pow 3");
            unary(be, dt, any, Tensor::relu, v -> Math.max(v, 0), "relu");
            unary(be, dt, any, t -> t.clamp(-1, 0.5), v -> Math.min(Math.max(v, -1), 0.5), "clamp");
            unary(be, dt, any, t -> t.clamp(Double.NEGATIVE_INFINITY, 0.5), v -> Math.min(v, 0.5), "clamp -inf");
            unary(be, dt, any, t -> t.clamp(-0.5, Double.POSITIVE_INFINITY), v -> Math.max(v, -0.5), "clamp +inf");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void stabilizerIsSignAware(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor z = be.fromDoubles(new double[] {-2, 0, 3, -1e-9}, dt, 4);
            Ref rz = Ref.of(z);
            Ref st = rz.map(v -> v >= 0 ? v + 0.5 : v - 0.5);
            Check.close(st, z.stabilize(0.5), dt);
            Tensor x = be.fromDoubles(new double[] {1, 2, 3, 4}, dt, 4);
            Check.close(Ref.of(x).zip(st, (a, b) -> a / b), x.divStabilized(z, 0.5), dt);
        }
    }
    /** The backend's own divStabilized must be bit-identical to dividing by the sign-aware stabilizer. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void divStabilizedIsExactlyTheQuotient(Backend be, DType dt) {
        Random rnd = new Random(11);
        double[] z = new double[64];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 9);
        }
        z[0] = 0.0;
        z[1] = -0.0;
        z[2] = 1e-9;
        z[3] = -1e-9;
        try (TensorScope s = TensorScope.open()) {
            Tensor zt = be.fromDoubles(z, dt, 8, 8);
            Tensor r = Ref.uniform(rnd, -2, 2, 8, 8).on(be, dt);
            double[] expected = r.div(zt.stabilize(1e-9)).toDoubleArray();
            double[] actual = r.divStabilized(zt, 1e-9).toDoubleArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0.0);
        }
    }

    /** In-place products equal the out-of-place ones, fall back when the result would be larger, spare the operand. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void inPlaceOpsMatchOutOfPlace(Backend be, DType dt) {
        Random rnd = new Random(5);
        for (long[][] pair : PAIRS) {
            try (TensorScope s = TensorScope.open()) {
                Ref ra = Ref.uniform(rnd, -2, 2, pair[0]);
                Ref rb = Ref.uniform(rnd, -2, 2, pair[1]);
                Tensor b = rb.on(be, dt);
                double[] before = b.toDoubleArray();
                String where = java.util.Arrays.deepToString(pair);
                Check.close(ra.zip(rb, (x, y) -> x * y), ra.on(be, dt).mulInPlace(b), Check.tol(dt), where);
                Check.close(ra.map(x -> -3 * x), ra.on(be, dt).mulInPlace(-3), Check.tol(dt), where);
                org.junit.jupiter.api.Assertions.assertArrayEquals(before, b.toDoubleArray(), 0.0, where);
            }
        }
    }
}
