package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** indexSelect, embedding, gather, topk and repeatInterleave against their definitions. */
class IndexingOpsTest {

    private static Tensor longs(Backend be, Ref r) {
        long[] l = new long[r.data.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) r.data[i];
        }
        return be.fromLongs(l, r.shape);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void indexSelectOnEveryAxis(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(31), 4, 5, 6).on(be, dt);
            Ref r = Ref.of(x);
            long[] idx = {3, 0, 3, 1};
            for (int axis = -3; axis < 3; axis++) {
                Tensor picked = x.indexSelect(axis, be.fromLongs(idx, idx.length));
                Check.dtype(dt, picked);
                Check.exact(r.indexSelect(Math.floorMod(axis, 3), idx), picked);
            }
            assertThrows(RuntimeException.class, () -> x.indexSelect(0, be.fromLongs(new long[] {4}, 1)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void embeddingLooksUpRowsForAnyIdShape(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor table = Ref.random(new Random(32), 7, 3).on(be, dt);
            Ref t = Ref.of(table);
            Ref ids = new Ref(new long[] {2, 3}, new double[] {6, 0, 2, 2, 5, 1});
            Ref expected = Ref.build(new long[] {2, 3, 3}, p -> t.at((int) ids.at(p[0], p[1]), p[2]));
            Check.exact(expected, table.embedding(longs(be, ids)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void gatherLikeTorch(Backend be, DType dt) {
        Random rnd = new Random(33);
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(rnd, 3, 4, 5).on(be, dt);
            Ref r = Ref.of(x);
            for (int axis = 0; axis < 3; axis++) {
                long[] is = {3, 4, 5};
                is[(axis + 1) % 3] -= 1; // smaller than the input on another axis
                is[axis] = 6; // more picks than entries on the gather axis
                long n = r.shape[axis];
                Ref idx = Ref.uniform(rnd, 0, n, is).map(Math::floor);
                Tensor g = x.gather(axis - 3, longs(be, idx));
                Check.dtype(dt, g);
                Check.exact(r.gather(axis, idx), g);
            }
            Ref bad = new Ref(new long[] {3, 1, 5}, new double[15]).map(v -> 4);
            assertThrows(RuntimeException.class, () -> x.gather(1, longs(be, bad.map(v -> 9))));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void topkValuesSortedDescendingWithTheirIndices(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(34), 3, 6, 5).on(be, dt); // distinct values: no ties
            Ref r = Ref.of(x);
            for (int axis = -3; axis < 3; axis++) {
                int a = Math.floorMod(axis, 3);
                int k = (int) Math.min(3, r.shape[a]);
                TopK top = x.topk(k, axis);
                Ref[] expected = r.topk(a, k);
                Check.dtype(dt, top.values());
                Check.dtype(DType.INT64, top.indices());
                Check.exact(expected[0], top.values());
                Check.exact(expected[1], top.indices());
                Check.exact(expected[0], x.gather(axis, top.indices()));
            }
            Tensor full = x.topk(5, -1).values();
            Check.exact(r.topk(2, 5)[0], full);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void topkWithTiesStillSortsValues(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.fromDoubles(new double[] {1, 3, 3, 0, 2, 3}, dt, 6);
            TopK top = x.topk(4, 0);
            assertArrayEquals(new double[] {3, 3, 3, 2}, top.values().toDoubleArray());
            long[] idx = top.indices().toLongArray();
            java.util.Arrays.sort(idx, 0, 3);
            assertArrayEquals(new long[] {1, 2, 5, 4}, idx);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void topkCountsNaNAsLargestAndWorksOnIntegers(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            TopK nan = be.fromDoubles(new double[] {1, Double.NaN, 3}, dt, 3).topk(2, 0);
            Check.close(new double[] {Double.NaN, 3}, nan.values().toDoubleArray(), 0, "values");
            assertArrayEquals(new long[] {1, 2}, nan.indices().toLongArray());
            TopK ints = be.fromLongs(new long[] {5, -2, 9, 8, 0, 7}, 2, 3).topk(2, 1);
            Check.dtype(DType.INT64, ints.values());
            assertArrayEquals(new long[] {9, 5, 8, 7}, ints.values().toLongArray());
            assertArrayEquals(new long[] {2, 0, 0, 2}, ints.indices().toLongArray());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void repeatInterleaveOnEveryAxis(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(35), 2, 3, 4).on(be, dt);
            Ref r = Ref.of(x);
            for (int axis = -3; axis < 3; axis++) {
                Check.exact(r.repeatInterleave(Math.floorMod(axis, 3), 3), x.repeatInterleave(axis, 3));
            }
            Check.exact(r, x.repeatInterleave(1, 1));
        }
    }
}
