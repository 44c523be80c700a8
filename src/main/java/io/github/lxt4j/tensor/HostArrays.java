package io.github.lxt4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Decodes little-endian stored data (safetensors payloads) into Java arrays and hands them to a backend. */
final class HostArrays {
    private HostArrays() {}

    static Tensor toTensor(Backend backend, ByteBuffer littleEndian, DType stored, DType target, long... shape) {
        backend.requireSupported(target);
        ByteBuffer b = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = Shapes.toIntExact(Shapes.numel(shape), "tensor of shape " + Arrays.toString(shape));
        if (b.remaining() < (long) n * stored.bytes()) {
            throw new IllegalArgumentException(stored + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + (long) n * stored.bytes() + " bytes, got " + b.remaining());
        }
        int p = b.position();
        switch (stored) {
            case FLOAT32: {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                return backend.fromFloats(f, target, shape);
            }
            case FLOAT64: {
                double[] d = new double[n];
                b.asDoubleBuffer().get(d);
                return backend.fromDoubles(d, target, shape);
            }
            case FLOAT16:
            case BFLOAT16: {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    short s = b.getShort(p + 2 * i);
                    f[i] = stored == DType.BFLOAT16 ? HalfFloats.bf16ToFloat(s) : HalfFloats.f16ToFloat(s);
                }
                return backend.fromFloats(f, target, shape);
            }
            case INT64:
            case INT32: {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = stored == DType.INT64 ? b.getLong(p + 8 * i) : b.getInt(p + 4 * i);
                }
                Tensor t = backend.fromLongs(l, shape);
                return target == DType.INT64 ? t : t.toDType(target);
            }
            default:
                throw new UnsupportedDTypeException("cannot load stored dtype " + stored);
        }
    }
}
