package io.github.lxt4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which dtypes each backend computes in; unsupported ones fail with UnsupportedDTypeException, never a crash. */
class DTypeSupportTest {

    @Test
    void djlComputesMatmulAndSoftmaxInFloat16() {
        Backend be = Backends.djl();
        assertTrue(be.supports(DType.FLOAT16));
        Random rnd = new Random(71);
        try (TensorScope s = TensorScope.open()) {
            Tensor a = Ref.random(rnd, 2, 3, 16).on(be, DType.FLOAT16);
            Tensor b = Ref.random(rnd, 16, 5).on(be, DType.FLOAT16);
            Tensor mm = a.matmul(b);
            Check.dtype(DType.FLOAT16, mm);
            Ref ra = Ref.of(a);
            Ref rb = Ref.of(b);
            Check.close(Ref.matmul(ra, rb), mm, Check.tol(DType.FLOAT16), "f16 matmul");
            Tensor sm = a.softmax(-1);
            Check.dtype(DType.FLOAT16, sm);
            Check.close(ra.softmax(2), sm, Check.tol(DType.FLOAT16), "f16 softmax");
            Check.close(ra, a.toDType(DType.FLOAT32), 0, "f16 → f32 is exact");
        }
    }

    @Test
    void djlRefusesBfloat16WithATypedException() {
        Backend be = Backends.djl();
        assertFalse(be.supports(DType.BFLOAT16));
        try (TensorScope s = TensorScope.open()) {
            assertThrows(UnsupportedDTypeException.class, () -> be.zeros(DType.BFLOAT16, 2));
            assertThrows(UnsupportedDTypeException.class, () -> be.fromFloats(new float[] {1}, DType.BFLOAT16, 1));
            assertThrows(UnsupportedDTypeException.class, () -> be.full(1, DType.BFLOAT16, 1));
            Tensor x = be.zeros(DType.FLOAT32, 2);
            assertThrows(UnsupportedDTypeException.class, () -> x.toDType(DType.BFLOAT16));
            ByteBuffer bf16 =
                    ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80);
            assertThrows(
                    UnsupportedDTypeException.class,
                    () -> be.fromBytes(bf16.flip(), DType.BFLOAT16, DType.BFLOAT16, 1));
            assertEquals(
                    1.0,
                    be.fromBytes(bf16.rewind(), DType.BFLOAT16, DType.FLOAT32, 1)
                            .item());
        }
    }

    @Test
    void nd4jComputesInFloat32AndFloat64AndRefusesHalfPrecision() {
        Backend be = Backends.nd4j();
        assertEquals("nd4j", be.name());
        assertFalse(be.device().isGpu());
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL}) {
            assertTrue(be.supports(t), t.toString());
        }
        try (TensorScope s = TensorScope.open()) {
            for (DType t : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
                assertFalse(be.supports(t));
                assertThrows(UnsupportedDTypeException.class, () -> be.zeros(t, 2));
                assertThrows(UnsupportedDTypeException.class, () -> be.fromDoubles(new double[] {1}, t, 1));
                assertThrows(
                        UnsupportedDTypeException.class,
                        () -> be.zeros(DType.FLOAT32, 1).toDType(t));
            }
            Tensor i32 = be.fromLongs(new long[] {3, -4}, 2).toDType(DType.INT32);
            Check.dtype(DType.INT32, i32);
            assertEquals(-4L, i32.toLongArray()[1]);
        }
    }

    @Test
    void backendSelection() {
        assertEquals("djl", Backends.byName("pytorch", Device.cpu()).name());
        assertEquals("nd4j", Backends.byName(" ND4J ", Device.cpu()).name());
        assertThrows(IllegalArgumentException.class, () -> Backends.byName("nd4j", Device.gpu()));
        assertThrows(IllegalArgumentException.class, () -> Backends.byName("tensorflow", Device.cpu()));
        String before = System.getProperty("lxt4j.backend");
        try {
            System.setProperty("lxt4j.backend", "nd4j");
            assertEquals("nd4j", Backends.fromEnvironment().name());
        } finally {
            if (before == null) {
                System.clearProperty("lxt4j.backend");
            } else {
                System.setProperty("lxt4j.backend", before);
            }
        }
    }
}
