package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Factories, byte loading, concat/stack and the row-major read-back. */
class CreationTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void factories(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            Tensor z = be.zeros(dt, 2, 3);
            Check.dtype(dt, z);
            Check.exact(new Ref(new long[] {2, 3}, new double[6]), z);
            Check.exact(
                    new Ref(new long[] {3, 2}, new double[] {2.5, 2.5, 2.5, 2.5, 2.5, 2.5}), be.full(2.5, dt, 3, 2));
            Tensor sc = be.scalar(-4, dt);
            assertEquals(0, sc.rank());
            assertEquals(-4.0, sc.item());
            Check.exact(new Ref(new long[] {4}, new double[] {0, 1, 2, 3}), be.arange(4, dt));
            Tensor ar = be.arange(3, DType.INT64);
            Check.dtype(DType.INT64, ar);
            assertArrayEquals(new long[] {0, 1, 2}, ar.toLongArray());
            Tensor mask = be.full(1, DType.BOOL, 2, 2);
            Check.dtype(DType.BOOL, mask);
            Check.exact(new Ref(new long[] {2, 2}, new double[] {1, 1, 1, 1}), mask);
            Check.exact(new Ref(new long[] {2}, new double[] {0, 0}), be.zeros(DType.BOOL, 2));
            Tensor f = be.fromFloats(new float[] {1.5f, -2, 3, 4}, dt, 2, 2);
            Check.dtype(dt, f);
            Check.exact(new Ref(new long[] {2, 2}, new double[] {1.5, -2, 3, 4}), f);
            Tensor l = be.fromLongs(new long[] {5, -6, 1L << 40}, 3);
            Check.dtype(DType.INT64, l);
            assertArrayEquals(new long[] {5, -6, 1L << 40}, l.toLongArray());
            Check.close(
                    new double[] {0.1},
                    be.fromDoubles(new double[] {0.1}, dt).toDoubleArray(),
                    Check.tol(dt) / 10,
                    "scalar fromDoubles");
            assertEquals(0.1f, be.full(0.1, dt, 1).toFloatArray()[0]);
        }
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void fromBytesReadsLittleEndianAndWidensHalfFloats(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            long[] shape = {2, 2};
            double[] v = {1, -2.5, 0.375, 1024};
            ByteBuffer f32 = le(16);
            ByteBuffer f64 = le(32);
            ByteBuffer i64 = le(32);
            ByteBuffer i32 = le(16);
            for (double d : v) {
                f32.putFloat((float) d);
                f64.putDouble(d);
                i64.putLong((long) d * 3);
                i32.putInt((int) d * 3);
            }
            Ref expected = new Ref(shape, v);
            Check.exact(expected, be.fromBytes(f32.flip(), DType.FLOAT32, dt, shape));
            Check.exact(expected, be.fromBytes(f64.flip(), DType.FLOAT64, dt, shape));
            // 1, -2.5, 0.375, 1024 as IEEE half and as bfloat16
            ByteBuffer f16 = le(8).putShort((short) 0x3C00)
                    .putShort((short) 0xC100)
                    .putShort((short) 0x3600)
                    .putShort((short) 0x6400);
            ByteBuffer bf16 = le(8).putShort((short) 0x3F80)
                    .putShort((short) 0xC020)
                    .putShort((short) 0x3EC0)
                    .putShort((short) 0x4480);
            Tensor h = be.fromBytes(f16.flip(), DType.FLOAT16, dt, shape);
            Check.dtype(dt, h);
            Check.exact(expected, h);
            Check.exact(expected, be.fromBytes(bf16.flip(), DType.BFLOAT16, dt, shape));
            Tensor l = be.fromBytes(i64.flip(), DType.INT64, DType.INT64, shape);
            Check.dtype(DType.INT64, l);
            assertArrayEquals(new long[] {3, -6, 0, 3072}, l.toLongArray());
            Tensor i = be.fromBytes(i32.flip(), DType.INT32, DType.INT64, shape);
            assertArrayEquals(new long[] {3, -6, 0, 3072}, i.toLongArray());
            ByteBuffer offset = le(20).putInt(99)
                    .putFloat(1)
                    .putFloat(-2.5f)
                    .putFloat(0.375f)
                    .putFloat(1024);
            offset.flip().position(4);
            Check.exact(expected, be.fromBytes(offset, DType.FLOAT32, dt, shape));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void concatAndStackOnEveryAxis(Backend be, DType dt) {
        Random rnd = new Random(41);
        try (TensorScope s = TensorScope.open()) {
            for (int axis = -3; axis < 3; axis++) {
                int a = Math.floorMod(axis, 3);
                long[] s1 = {2, 3, 4};
                long[] s2 = s1.clone();
                s2[a] = 1;
                long[] s3 = s1.clone();
                s3[a] = 5;
                Tensor x = Ref.random(rnd, s1).on(be, dt);
                Tensor y = Ref.random(rnd, s2).on(be, dt);
                Tensor z = Ref.random(rnd, s3).on(be, dt);
                Tensor c = be.concat(List.of(x, y, z), axis);
                Check.dtype(dt, c);
                Check.exact(Ref.concat(List.of(Ref.of(x), Ref.of(y), Ref.of(z)), a), c);
            }
            for (int axis = -4; axis < 4; axis++) {
                Tensor x = Ref.random(rnd, 2, 3, 4).on(be, dt);
                Tensor y = Ref.random(rnd, 2, 3, 4).on(be, dt);
                Tensor st = be.stack(List.of(x, y, x), axis);
                Check.exact(Ref.stack(List.of(Ref.of(x), Ref.of(y), Ref.of(x)), Math.floorMod(axis, 4)), st);
            }
            Tensor p = Ref.random(rnd, 3, 2).on(be, dt).transpose(0, 1); // permuted parts
            Check.exact(Ref.concat(List.of(Ref.of(p), Ref.of(p)), 1), be.concat(List.of(p, p), 1));
            Tensor ids = be.concat(List.of(be.fromLongs(new long[] {1, 2}, 2), be.fromLongs(new long[] {3}, 1)), 0);
            Check.dtype(DType.INT64, ids);
            assertArrayEquals(new long[] {1, 2, 3}, ids.toLongArray());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.github.lxt4j.tensor.TestBackends#all")
    void badShapesThrow(Backend be, DType dt) {
        try (TensorScope s = TensorScope.open()) {
            assertThrows(RuntimeException.class, () -> be.fromDoubles(new double[5], dt, 2, 3));
            Tensor a = be.zeros(dt, 2, 3);
            Tensor b = be.zeros(dt, 2, 4);
            assertThrows(RuntimeException.class, () -> be.concat(List.of(a, b), 0));
            assertThrows(RuntimeException.class, () -> be.stack(List.of(a, b), 0));
            assertThrows(RuntimeException.class, () -> a.add(b));
        }
    }
}
