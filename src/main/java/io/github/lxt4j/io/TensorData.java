package io.github.lxt4j.io;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.HalfFloats;
import io.github.lxt4j.tensor.Shapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor's raw little-endian bytes with their dtype and shape, as stored in (or about to be written to) a
 * safetensors file. Read from a file it is a read-only view of the memory-mapped region; nothing is copied until one
 * of the {@code to*} accessors is called.
 */
public final class TensorData {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer bytes;
    private final String origin;

    TensorData(DType dtype, long[] shape, ByteBuffer bytes, String origin) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.bytes = bytes.slice().asReadOnlyBuffer().order(LE);
        this.origin = origin;
        long expected = Math.multiplyExact(numel(), (long) dtype.bytes());
        if (this.bytes.remaining() != expected) {
            throw new IllegalArgumentException(origin + ": " + this.bytes.remaining() + " bytes given, expected "
                    + expected + " for " + dtype + Arrays.toString(shape));
        }
    }

    /** F32 data of the given shape. */
    public static TensorData ofFloats(float[] data, long... shape) {
        return ofFloats(data, DType.FLOAT32, shape);
    }

    /** Float data stored as {@code dtype}: FLOAT32, FLOAT64, FLOAT16 or BFLOAT16 (rounded to nearest even). */
    public static TensorData ofFloats(float[] data, DType dtype, long... shape) {
        checkCount(data.length, shape);
        ByteBuffer b = allocate(data.length, dtype);
        switch (dtype) {
            case FLOAT32:
                b.asFloatBuffer().put(data);
                break;
            case FLOAT64:
                for (float v : data) b.putDouble(v);
                break;
            case FLOAT16:
                for (float v : data) b.putShort(HalfFloats.floatToF16(v));
                break;
            case BFLOAT16:
                for (float v : data) b.putShort(HalfFloats.floatToBf16(v));
                break;
            default:
                throw new IllegalArgumentException("cannot store floats as " + dtype + "; use a floating dtype");
        }
        return new TensorData(dtype, shape, b.rewind(), "float array");
    }

    /** F64 data of the given shape. */
    public static TensorData ofDoubles(double[] data, long... shape) {
        return ofDoubles(data, DType.FLOAT64, shape);
    }

    /** Double data stored as {@code dtype}: FLOAT64, FLOAT32, FLOAT16 or BFLOAT16 (each rounded to nearest even). */
    public static TensorData ofDoubles(double[] data, DType dtype, long... shape) {
        checkCount(data.length, shape);
        ByteBuffer b = allocate(data.length, dtype);
        switch (dtype) {
            case FLOAT64:
                b.asDoubleBuffer().put(data);
                break;
            case FLOAT32:
                for (double v : data) b.putFloat((float) v);
                break;
            case FLOAT16:
                for (double v : data) {
                    b.putShort(HalfFloats.floatToF16(HalfFloats.toFloatRoundToOdd(v)));
                }
                break;
            case BFLOAT16:
                for (double v : data) {
                    b.putShort(HalfFloats.floatToBf16(HalfFloats.toFloatRoundToOdd(v)));
                }
                break;
            default:
                throw new IllegalArgumentException("cannot store doubles as " + dtype + "; use a floating dtype");
        }
        return new TensorData(dtype, shape, b.rewind(), "double array");
    }

    /** I64 data of the given shape. */
    public static TensorData ofLongs(long[] data, long... shape) {
        return ofLongs(data, DType.INT64, shape);
    }

    /** Integer data stored as INT64 or INT32; a value outside the int range is an error, never truncated. */
    public static TensorData ofLongs(long[] data, DType dtype, long... shape) {
        checkCount(data.length, shape);
        ByteBuffer b = allocate(data.length, dtype);
        switch (dtype) {
            case INT64:
                b.asLongBuffer().put(data);
                break;
            case INT32:
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != (int) data[i]) {
                        throw new IllegalArgumentException(
                                "value " + data[i] + " at index " + i + " does not fit INT32");
                    }
                    b.putInt((int) data[i]);
                }
                break;
            default:
                throw new IllegalArgumentException("cannot store longs as " + dtype + "; use INT64 or INT32");
        }
        return new TensorData(dtype, shape, b.rewind(), "long array");
    }

    /**
     * Wraps existing little-endian bytes (from position to limit) without copying; the buffer must not change while
     * this object is in use.
     */
    public static TensorData ofBytes(DType dtype, ByteBuffer littleEndian, long... shape) {
        return new TensorData(dtype, shape, littleEndian, "byte buffer");
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the dimensions, 1 for a scalar. */
    public long numel() {
        return Shapes.numel(shape);
    }

    public long byteLength() {
        return bytes.remaining();
    }

    /** A fresh read-only little-endian view of all bytes, positioned at 0. */
    public ByteBuffer littleEndianBytes() {
        return bytes.duplicate().order(LE);
    }

    /** All elements as floats: F16/BF16 widened exactly, F64 rounded to nearest; integers only if exact. */
    public float[] toFloats() {
        int n = arrayLength();
        ByteBuffer b = littleEndianBytes();
        float[] out = new float[n];
        switch (dtype) {
            case FLOAT32:
                b.asFloatBuffer().get(out);
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8);
                break;
            case FLOAT16:
                for (int i = 0; i < n; i++) out[i] = HalfFloats.f16ToFloat(b.getShort(i * 2));
                break;
            case BFLOAT16:
                for (int i = 0; i < n; i++) out[i] = HalfFloats.bf16ToFloat(b.getShort(i * 2));
                break;
            case BOOL:
                for (int i = 0; i < n; i++) out[i] = b.get(i) != 0 ? 1f : 0f;
                break;
            case UINT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xFF;
                break;
            case INT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i);
                break;
            case INT32:
            case INT64:
                for (int i = 0; i < n; i++) {
                    long v = integerAt(b, i);
                    float f = v;
                    if (f == 0x1p63f || (long) f != v) {
                        throw notExact(v, i, "float");
                    }
                    out[i] = f;
                }
                break;
            default:
                throw new IllegalStateException(dtype.toString());
        }
        return out;
    }

    /** All elements as doubles: floating types widened exactly; integers only if exactly representable. */
    public double[] toDoubles() {
        int n = arrayLength();
        ByteBuffer b = littleEndianBytes();
        double[] out = new double[n];
        switch (dtype) {
            case FLOAT64:
                b.asDoubleBuffer().get(out);
                break;
            case FLOAT32:
                for (int i = 0; i < n; i++) out[i] = b.getFloat(i * 4);
                break;
            case FLOAT16:
                for (int i = 0; i < n; i++) out[i] = HalfFloats.f16ToFloat(b.getShort(i * 2));
                break;
            case BFLOAT16:
                for (int i = 0; i < n; i++) out[i] = HalfFloats.bf16ToFloat(b.getShort(i * 2));
                break;
            case BOOL:
                for (int i = 0; i < n; i++) out[i] = b.get(i) != 0 ? 1d : 0d;
                break;
            case UINT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xFF;
                break;
            case INT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i);
                break;
            case INT32:
            case INT64:
                for (int i = 0; i < n; i++) {
                    long v = integerAt(b, i);
                    double d = v;
                    if (d == 0x1p63 || (long) d != v) {
                        throw notExact(v, i, "double");
                    }
                    out[i] = d;
                }
                break;
            default:
                throw new IllegalStateException(dtype.toString());
        }
        return out;
    }

    /** All elements as longs: I64/I32/U8/I8/BOOL directly; floating values only if each is finite and integral. */
    public long[] toLongs() {
        int n = arrayLength();
        ByteBuffer b = littleEndianBytes();
        long[] out = new long[n];
        switch (dtype) {
            case INT64:
                b.asLongBuffer().get(out);
                break;
            case INT32:
                for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4);
                break;
            case BOOL:
                for (int i = 0; i < n; i++) out[i] = b.get(i) != 0 ? 1 : 0;
                break;
            case UINT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xFF;
                break;
            case INT8:
                for (int i = 0; i < n; i++) out[i] = b.get(i);
                break;
            default:
                double[] values = toDoubles();
                for (int i = 0; i < n; i++) {
                    double v = values[i];
                    if (!(v >= -0x1p63 && v < 0x1p63) || Math.rint(v) != v) {
                        throw new SafetensorsException(origin + ": " + dtype + " value " + v + " at index " + i
                                + " is not an integer in the long range; expected integral values");
                    }
                    out[i] = (long) v;
                }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TensorData[" + dtype + Arrays.toString(shape) + ", " + origin + "]";
    }

    private long integerAt(ByteBuffer b, int i) {
        return dtype == DType.INT64 ? b.getLong(i * 8) : b.getInt(i * 4);
    }

    private SafetensorsException notExact(long v, int i, String target) {
        return new SafetensorsException(origin + ": " + dtype + " value " + v + " at index " + i
                + " is not exactly representable as " + target);
    }

    private int arrayLength() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException(origin + ": " + n + " elements " + Arrays.toString(shape)
                    + " do not fit one Java array (at most " + (Integer.MAX_VALUE - 8) + "); use littleEndianBytes()");
        }
        return (int) n;
    }

    private static void checkCount(int length, long[] shape) {
        long numel = Shapes.numel(shape);
        if (numel != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + numel + " elements, but the array has " + length);
        }
    }

    private static ByteBuffer allocate(int count, DType dtype) {
        return ByteBuffer.allocate(Math.multiplyExact(count, dtype.bytes())).order(LE);
    }
}
