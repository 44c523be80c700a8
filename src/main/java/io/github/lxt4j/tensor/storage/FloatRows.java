package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The source of a quantizer: a weight read one row at a time as float32, from a float array, a {@link RowSource} or
 * from the little-endian bytes of an F32/F64/F16/BF16 tensor (never more than one row converted at once). Rows are
 * checked to be finite.
 */
final class FloatRows {
    private final WeightShape shape;
    private final float[] floats;
    private final ByteBuffer bytes;
    private final DType dtype;
    private final RowSource generated;

    private FloatRows(WeightShape shape, float[] floats, ByteBuffer bytes, DType dtype, RowSource generated) {
        this.shape = shape;
        this.floats = floats;
        this.bytes = bytes;
        this.dtype = dtype;
        this.generated = generated;
    }

    static FloatRows of(WeightShape shape, RowSource rows) {
        return new FloatRows(shape, null, null, DType.FLOAT32, rows);
    }

    static FloatRows of(WeightShape shape, float[] data) {
        if (data.length != shape.numel()) {
            throw new UnquantizableWeightException(shape.name() + ": " + data.length + " values do not fill shape "
                    + Arrays.toString(shape.shape()) + " (" + shape.numel() + " elements)");
        }
        return new FloatRows(shape, data, null, DType.FLOAT32, null);
    }

    static FloatRows of(WeightShape shape, ByteBuffer littleEndian, DType dtype) {
        switch (dtype) {
            case FLOAT32:
            case FLOAT64:
            case FLOAT16:
            case BFLOAT16:
                break;
            default:
                throw new UnquantizableWeightException(shape.name() + ": stored dtype " + dtype
                        + " is not a float type; expected F32, F64, F16 or BF16");
        }
        long need = shape.numel() * dtype.bytes();
        if (littleEndian.remaining() != need) {
            throw new UnquantizableWeightException(shape.name() + ": " + littleEndian.remaining() + " bytes given, "
                    + "expected " + need + " for " + dtype + Arrays.toString(shape.shape()));
        }
        return new FloatRows(shape, null, littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN), dtype, null);
    }

    /** Reads row {@code r} into {@code dst[0, cols)}; throws when a value is NaN or infinite. */
    void read(int r, float[] dst) {
        int cols = shape.cols();
        long start = (long) r * cols;
        if (generated != null) {
            generated.read(r, dst);
        } else if (floats != null) {
            System.arraycopy(floats, (int) start, dst, 0, cols);
        } else {
            int p = (int) (start * dtype.bytes());
            switch (dtype) {
                case FLOAT32:
                    for (int i = 0; i < cols; i++) dst[i] = bytes.getFloat(p + 4 * i);
                    break;
                case FLOAT64:
                    for (int i = 0; i < cols; i++) dst[i] = (float) bytes.getDouble(p + 8 * i);
                    break;
                case FLOAT16:
                    for (int i = 0; i < cols; i++) {
                        dst[i] = HalfFloats.f16ToFloat(bytes.getShort(p + 2 * i));
                    }
                    break;
                default:
                    for (int i = 0; i < cols; i++) {
                        dst[i] = HalfFloats.bf16ToFloat(bytes.getShort(p + 2 * i));
                    }
                    break;
            }
        }
        for (int i = 0; i < cols; i++) {
            if (!Float.isFinite(dst[i])) {
                throw new UnquantizableWeightException(shape.name() + ": element [" + r + ", " + i + "] is " + dst[i]
                        + "; a stored weight must be finite");
            }
        }
    }
}
