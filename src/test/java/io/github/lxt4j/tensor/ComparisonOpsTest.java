package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Comparisons, masks and where(), with broadcasting; results are BOOL. */
class ComparisonOpsTest {

    private static double b(boolean v) {
        return v ? 1 : 0;
    }

    /** Values on a coarse grid so that ties and exact equality occur. */
    private static Ref grid(Random rnd, long... shape) {
        return Ref.uniform(rnd, -2, 2, shape).map(v -> Math.round(v * 2) / 2.0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void scalarComparisons(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = grid(new Random(1), 3, 4).on(be, dt);
            Ref r = Ref.of(x);
            Tensor gt = x.gt(0.5);
            Check.dtype(DType.BOOL, gt);
            Check.exact(r.map(v -> b(v > 0.5)), gt);
            Check.exact(r.map(v -> b(v >= 0.5)), x.ge(0.5));
            Check.exact(r.map(v -> b(v < 0.5)), x.lt(0.5));
            Check.exact(r.map(v -> b(v == 0.5)), x.eq(0.5));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void tensorComparisonsBroadcast(Backend be, DType dt) {
        Random rnd = new Random(2);
        for (long[][] pair : ElementwiseOpsTest.PAIRS) {
            try (TensorScope s = TensorScope.open()) {
                Tensor a = grid(rnd, pair[0]).on(be, dt);
                Tensor c = grid(rnd, pair[1]).on(be, dt);
                Tensor eq = a.eq(c);
                Check.dtype(DType.BOOL, eq);
                Check.exact(Ref.of(a).zip(Ref.of(c), (x, y) -> b(x == y)), eq);
                Check.exact(Ref.of(a).zip(Ref.of(c), (x, y) -> b(x > y)), a.gt(c));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void logicalOps(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = grid(new Random(3), 2, 3, 4).on(be, dt);
            Tensor p = x.gt(0);
            Tensor q = x.lt(1).slice(1, 0, 1); // [2,1,4] broadcasts against [2,3,4]
            Ref rx = Ref.of(x);
            Ref rq = Ref.of(q);
            Tensor and = p.logicalAnd(q);
            Check.dtype(DType.BOOL, and);
            Check.exact(rx.map(v -> b(v > 0)).zip(rq, (u, v) -> b(u != 0 && v != 0)), and);
            Check.exact(rx.map(v -> b(!(v > 0))), p.logicalNot());
            Check.dtype(DType.BOOL, p.logicalNot());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void nanAndFiniteMasksAndAny(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            double inf = Double.POSITIVE_INFINITY;
            Tensor x = be.fromDoubles(new double[] {1, Double.NaN, inf, -inf, 0, -2}, dt, 2, 3);
            Check.exact(new Ref(new long[] {2, 3}, new double[] {0, 1, 0, 0, 0, 0}), x.isNaN());
            Check.exact(new Ref(new long[] {2, 3}, new double[] {1, 0, 0, 0, 1, 1}), x.isFinite());
            Check.dtype(DType.BOOL, x.isNaN());
            Check.dtype(DType.BOOL, x.isFinite());
            assertTrue(x.isNaN().any());
            assertFalse(x.isFinite().slice(0, 0, 1).slice(1, 1, 3).any());
            assertTrue(x.gt(0.5).any());
            assertFalse(x.gt(1e300).logicalAnd(x.isFinite()).any());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void whereBroadcastsAllThreeOperands(Backend be, DType dt) {
        Random rnd = new Random(4);
        long[][][] triples = {
            {{2, 3, 4}, {2, 3, 4}, {2, 3, 4}},
            {{3, 1}, {2, 1, 4}, {4}},
            {{4}, {2, 3, 4}, {}},
            {{2, 1, 1}, {1, 3, 1}, {1, 1, 4}},
        };
        for (long[][] t : triples) {
            try (TensorScope s = TensorScope.open()) {
                Tensor cond = grid(rnd, t[0]).on(be, dt).gt(0);
                Tensor x = Ref.random(rnd, t[1]).on(be, dt);
                Tensor y = Ref.random(rnd, t[2]).on(be, dt);
                Tensor w = x.where(cond, y);
                Check.dtype(dt, w);
                Check.exact(Ref.where(Ref.of(cond), Ref.of(x), Ref.of(y)), w);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void oneHotThroughTheDefault(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor ids = be.fromLongs(new long[] {2, 0, 3, 3}, 2, 2);
            Tensor oh = ids.oneHot(4, dt);
            Check.dtype(dt, oh);
            Ref expected = Ref.build(new long[] {2, 2, 4}, p -> b(new long[] {2, 0, 3, 3}[p[0] * 2 + p[1]] == p[2]));
            Check.exact(expected, oh);
        }
    }
}
