package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** reshape/permute/transpose/expand/slice/squeeze/split/copy/toDType, on contiguous and permuted inputs. */
class ShapeOpsTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void shapeIsACopy(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.zeros(dt, 2, 3);
            long[] shape = x.shape();
            shape[0] = 7;
            assertArrayEquals(new long[] {2, 3}, x.shape());
            assertEquals(6, x.numel());
            assertEquals(3, x.dim(-1));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void permuteAndTranspose(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(21), 2, 3, 4, 5).on(be, dt);
            Ref r = Ref.of(x);
            Check.exact(r.permute(2, 0, 3, 1), x.permute(2, 0, 3, 1));
            Check.exact(r.permute(0, 3, 2, 1), x.permute(0, -1, 2, 1));
            Check.exact(r.permute(0, 2, 1, 3), x.transpose(1, 2));
            Check.exact(r.permute(3, 1, 2, 0), x.transpose(-1, 0));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void reshapeKeepsRowMajorOrderAlsoAfterPermute(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(22), 2, 3, 4).on(be, dt);
            Ref r = Ref.of(x);
            Check.exact(r.reshape(6, 4), x.reshape(6, 4));
            Check.exact(r.reshape(4, 6), x.reshape(4, -1));
            Check.exact(r.reshape(24), x.reshape(-1));
            Tensor p = x.permute(2, 0, 1); // non-contiguous in DJL
            Ref rp = r.permute(2, 0, 1);
            Check.exact(rp.reshape(4, 6), p.reshape(4, 6));
            Check.exact(rp.reshape(2, 2, 6), p.reshape(2, 2, -1));
            Check.exact(
                    new Ref(new long[] {}, new double[] {r.data[0]}),
                    x.slice(0, 0, 1).slice(1, 0, 1).slice(2, 0, 1).reshape());
            assertThrows(RuntimeException.class, () -> x.reshape(5, 5));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void squeezeUnsqueezeSplit(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(23), 2, 1, 6).on(be, dt);
            Ref r = Ref.of(x);
            assertArrayEquals(new long[] {2, 6}, x.squeeze(1).shape());
            assertArrayEquals(new long[] {2, 6}, x.squeeze(-2).shape());
            assertArrayEquals(new long[] {2, 1, 6, 1}, x.unsqueeze(-1).shape());
            assertArrayEquals(new long[] {1, 2, 1, 6}, x.unsqueeze(0).shape());
            Check.exact(r, x.unsqueeze(2).squeeze(2));
            assertThrows(IllegalArgumentException.class, () -> x.squeeze(0));
            List<Tensor> parts = x.split(-1, 1, 2, 3);
            assertEquals(3, parts.size());
            Check.exact(r.slice(2, 0, 1, 1), parts.get(0));
            Check.exact(r.slice(2, 1, 3, 1), parts.get(1));
            Check.exact(r.slice(2, 3, 6, 1), parts.get(2));
            assertThrows(IllegalArgumentException.class, () -> x.split(2, 2, 2));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void expandFollowsNumpyRules(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(24), 3, 1).on(be, dt);
            Ref r = Ref.of(x);
            Check.exact(r.expand(3, 4), x.expand(3, 4));
            Check.exact(r.expand(2, 3, 4), x.expand(2, 3, 4));
            Check.exact(r.expand(3, 1), x.expand(3, 1));
            Check.exact(r.permute(1, 0).expand(2, 5, 3), x.transpose(0, 1).expand(2, 5, 3));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void sliceWithStepAndNegativeBounds(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = Ref.random(new Random(25), 3, 7, 4).on(be, dt);
            Ref r = Ref.of(x);
            Check.exact(r.slice(1, 2, 5, 1), x.slice(1, 2, 5));
            Check.exact(r.slice(1, 1, 7, 2), x.slice(1, 1, 7, 2));
            Check.exact(r.slice(1, 0, 7, 3), x.slice(-2, 0, 100, 3)); // end is clamped
            Check.exact(r.slice(2, 1, 4, 1), x.slice(-1, -3, 4));
            Check.exact(r.slice(1, 4, 6, 1), x.slice(1, -3, -1));
            Check.exact(r.slice(0, 2, 3, 1), x.slice(0, 2, 3));
            Check.exact(
                    r.slice(1, 1, 7, 2).slice(2, 0, 4, 3), x.slice(1, 1, 7, 2).slice(2, 0, 4, 3));
            assertArrayEquals(new long[] {3, 0, 4}, x.slice(1, 5, 5).shape());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void copyAndCasts(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = be.fromDoubles(new double[] {-1.75, -0.5, 0, 0.5, 2.25, 3}, dt, 2, 3);
            Ref r = Ref.of(x);
            Check.exact(r, x.copy());
            Check.exact(r, x.permute(1, 0).copy().permute(1, 0));
            Tensor same = x.toDType(dt);
            Check.dtype(dt, same);
            Check.exact(r, same);
            DType other = dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
            Check.dtype(other, x.toDType(other));
            Check.exact(r, x.toDType(other));
            Tensor l = x.toDType(DType.INT64);
            Check.dtype(DType.INT64, l);
            assertArrayEquals(new long[] {-1, 0, 0, 0, 2, 3}, l.toLongArray()); // truncation toward zero
            Tensor bool = x.toDType(DType.BOOL);
            Check.dtype(DType.BOOL, bool);
            Check.exact(r.map(v -> v != 0 ? 1 : 0), bool);
            Check.exact(r.map(v -> v != 0 ? 1 : 0), bool.toDType(dt));
            assertArrayEquals(new float[] {-1.75f, -0.5f, 0, 0.5f, 2.25f, 3}, x.toFloatArray());
            assertArrayEquals(
                    new float[] {-1.75f, 0.5f, -0.5f, 2.25f, 0, 3},
                    x.transpose(0, 1).toFloatArray());
        }
    }
}
