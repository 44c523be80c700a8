package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.HalfFloats;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * A bfloat16 or float16 weight as raw little-endian 16-bit values: either a view of existing bytes (for example a
 * read-only memory-mapped slice of a safetensors file: no copy) or a heap buffer filled by narrowing floats with
 * round-to-nearest-even. Widening is exact (bf16 by shifting into the high half of a float32; DJL cannot hold bf16).
 */
public final class HalfWeight extends DecodedWeight {
    private static final float[] F16_VALUES = f16Table();

    private final WeightFormat format;
    private ByteBuffer bytes;
    private ShortBuffer values;

    private HalfWeight(WeightShape shape, WeightFormat format, ByteBuffer littleEndian) {
        super(shape);
        this.format = format;
        this.bytes = littleEndian;
        this.values = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    }

    /**
     * Wraps {@code littleEndian} (position to limit), which holds a tensor already stored as {@code dtype}
     * (BFLOAT16 or FLOAT16), without copying; the bytes must stay valid and unchanged while this weight is used.
     */
    public static HalfWeight wrap(String name, DType dtype, ByteBuffer littleEndian, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        WeightFormat f = formatOf(name, dtype);
        long need = s.numel() * 2;
        if (littleEndian.remaining() != need) {
            throw new UnquantizableWeightException(name + ": " + littleEndian.remaining() + " bytes given, expected "
                    + need + " for " + dtype + Arrays.toString(shape));
        }
        return new HalfWeight(s, f, littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Narrows floats to {@code format} (BF16 or F16), round-to-nearest-even, into a new off-heap buffer. */
    static HalfWeight narrow(WeightShape s, WeightFormat format, FloatRows source) {
        int cols = s.cols();
        ByteBuffer b = OffHeap.allocate(s.numel() * 2);
        boolean bf16 = format == WeightFormat.BF16;
        RowTasks.run(s.rows(), cols, (r, row) -> {
            source.read(r, row);
            int p = r * cols * 2;
            for (int i = 0; i < cols; i++) {
                float v = row[i];
                short h = bf16 ? HalfFloats.floatToBf16(v) : HalfFloats.floatToF16(v);
                if (!bf16 && Float.isInfinite(HalfFloats.f16ToFloat(h))) {
                    throw new UnquantizableWeightException(s.name() + ": element [" + r + ", " + i + "] = " + v
                            + " overflows float16 (largest finite value 65504)");
                }
                b.putShort(p + 2 * i, h);
            }
        });
        return new HalfWeight(s, format, b);
    }

    private static WeightFormat formatOf(String name, DType dtype) {
        switch (dtype) {
            case BFLOAT16:
                return WeightFormat.BF16;
            case FLOAT16:
                return WeightFormat.F16;
            default:
                throw new UnquantizableWeightException(
                        name + ": " + dtype + " bytes cannot be kept as a 16-bit weight; expected BFLOAT16 or FLOAT16");
        }
    }

    /** Throws naming the first NaN or infinite element (all exponent bits set), scanning the 16-bit values. */
    void requireFinite() {
        int mask = format == WeightFormat.BF16 ? 0x7F80 : 0x7C00;
        ShortBuffer v = values;
        int n = v.limit();
        for (int i = 0; i < n; i++) {
            if ((v.get(i) & mask) == mask) {
                int cols = shape.cols();
                throw new UnquantizableWeightException(name() + ": element [" + i / cols + ", " + i % cols + "] is "
                        + (format == WeightFormat.BF16
                                ? HalfFloats.bf16ToFloat(v.get(i))
                                : HalfFloats.f16ToFloat(v.get(i)))
                        + "; a stored weight must be finite");
            }
        }
    }

    /** The stored bytes (a read-only view); for a wrapped tensor this is the caller's buffer, not a copy. */
    public ByteBuffer bytes() {
        checkOpen();
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public WeightFormat format() {
        return format;
    }

    @Override
    public long storageBytes() {
        checkOpen();
        return bytes.capacity();
    }

    @Override
    Tensor decode(WeightDecoder decoder, Backend backend, long[] rows) {
        DType stored = format == WeightFormat.BF16 ? DType.BFLOAT16 : DType.FLOAT16;
        return decoder.half(bytes, stored, shape.cols(), rows);
    }

    @Override
    void decodeRow(int row, float[] dst) {
        int cols = shape.cols();
        int p = row * cols;
        ShortBuffer v = values;
        if (format == WeightFormat.BF16) {
            for (int i = 0; i < cols; i++) {
                dst[i] = Float.intBitsToFloat(v.get(p + i) << 16);
            }
        } else {
            float[] t = F16_VALUES;
            for (int i = 0; i < cols; i++) {
                dst[i] = t[v.get(p + i) & 0xFFFF];
            }
        }
    }

    @Override
    void release() {
        bytes = null;
        values = null;
    }

    private static float[] f16Table() {
        float[] t = new float[1 << 16];
        for (int i = 0; i < t.length; i++) {
            t[i] = HalfFloats.f16ToFloat((short) i);
        }
        return t;
    }
}
