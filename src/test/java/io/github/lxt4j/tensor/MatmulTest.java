package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** torch.matmul semantics, including 1-D operands and broadcast batch axes. */
class MatmulTest {

    static final long[][][] CASES = {
        {{3, 4}, {4, 5}},
        {{4}, {4}},
        {{4}, {4, 5}},
        {{3, 4}, {4}},
        {{2, 3, 4}, {4, 5}}, // a weight: folds the batch into rows
        {{3, 4}, {2, 4, 5}}, // 2-D × 3-D: the left operand broadcasts
        {{2, 3, 4}, {2, 4, 5}},
        {{2, 3, 4}, {1, 4, 5}},
        {{2, 4, 3, 8}, {2, 4, 8, 3}}, // attention scores
        {{2, 4, 3, 8}, {2, 1, 8, 5}}, // grouped keys
        {{1, 4, 3, 8}, {2, 1, 8, 5}}, // 1-sized batch axes on both sides
        {{2, 1, 3, 4}, {5, 4, 2}}, // ranks differ
        {{3, 2, 4}, {4}},
        {{4}, {3, 4, 2}},
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void matchesTheDefinition(Backend be, DType dt) {
        Random rnd = new Random(13);
        for (long[][] c : CASES) {
            try (TensorScope s = TensorScope.open()) {
                Tensor a = Ref.random(rnd, c[0]).on(be, dt);
                Tensor b = Ref.random(rnd, c[1]).on(be, dt);
                Tensor r = a.matmul(b);
                Check.dtype(dt, r);
                Check.close(Ref.matmul(Ref.of(a), Ref.of(b)), r, Check.tol(dt), Arrays.deepToString(c));
            }
        }
    }

    /** x · wᵀ for a [out, in] weight equals matmul with the materialized transpose, for any rank of x. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void timesTransposedWeight(Backend be, DType dt) {
        Random rnd = new Random(15);
        long[][] xs = {{4}, {3, 4}, {2, 3, 4}, {2, 1, 3, 4}};
        for (long[] shape : xs) {
            try (TensorScope s = TensorScope.open()) {
                Tensor x = Ref.random(rnd, shape).on(be, dt);
                Tensor w = Ref.random(rnd, 5, 4).on(be, dt);
                Tensor expected = x.matmul(w.transpose(0, 1).copy());
                Tensor r = x.matmulTransposed(w);
                Check.dtype(dt, r);
                Check.close(Ref.of(expected), r, Check.tol(dt), Arrays.toString(shape));
            }
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.zeros(dt, 2, 3);
            Tensor w = be.zeros(dt, 5, 4);
            assertThrows(RuntimeException.class, () -> x.matmulTransposed(w));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void worksOnPermutedOperands(Backend be, DType dt) {
        Random rnd = new Random(14);
        try (TensorScope s = TensorScope.open()) {
            Tensor q = Ref.random(rnd, 2, 3, 4, 8).on(be, dt).permute(0, 2, 1, 3); // [2,4,3,8]
            Tensor k = Ref.random(rnd, 2, 3, 4, 8).on(be, dt).permute(0, 2, 3, 1); // [2,4,8,3]
            Check.close(Ref.matmul(Ref.of(q), Ref.of(k)), q.matmul(k), Check.tol(dt), "q·kᵀ");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void mismatchedInnerDimensionsThrow(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor a = be.zeros(dt, 2, 3);
            Tensor b = be.zeros(dt, 4, 5);
            assertThrows(RuntimeException.class, () -> a.matmul(b));
        }
    }
}
