package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.DType;
import java.nio.ByteBuffer;

/**
 * Puts a weight into a storage format: bf16/f16 narrowing (or a zero-copy view of bytes already in that dtype) and
 * the int8 / nf4 / fp4 quantizers. The {@code f32} format keeps a dense tensor: use {@link DenseWeight}.
 */
public final class StoredWeights {
    private StoredWeights() {
    }

    /** Stores {@code data} (row-major, float32) of {@code shape} as {@code format}. */
    public static StoredWeight quantize(String name, WeightFormat format, float[] data, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        return store(s, format, FloatRows.of(s, data));
    }

    /** Stores a weight produced row by row by {@code rows} as {@code format}; no more than a row is held in float32. */
    public static StoredWeight quantize(String name, WeightFormat format, RowSource rows, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        return store(s, format, FloatRows.of(s, rows));
    }

    /**
     * Stores a tensor given as its little-endian bytes (position to limit) of dtype {@code stored} (F32, F64, F16,
     * BF16), e.g. a memory-mapped safetensors entry. The quantizers convert one row at a time. A bf16 (f16) tensor
     * stored as bf16 (f16) is wrapped without a copy; the bytes must then stay valid while the weight is used.
     */
    public static StoredWeight quantize(String name, WeightFormat format, ByteBuffer littleEndian, DType stored,
            long... shape) {
        if ((format == WeightFormat.BF16 && stored == DType.BFLOAT16)
                || (format == WeightFormat.F16 && stored == DType.FLOAT16)) {
            HalfWeight w = HalfWeight.wrap(name, stored, littleEndian, shape);
            w.requireFinite();
            return w;
        }
        WeightShape s = WeightShape.of(name, shape);
        return store(s, format, FloatRows.of(s, littleEndian, stored));
    }

    private static StoredWeight store(WeightShape s, WeightFormat format, FloatRows rows) {
        switch (format) {
            case BF16: case F16: return HalfWeight.narrow(s, format, rows);
            case INT8: return Int8Weight.quantize(s, rows);
            case NF4: return Block4Weight.quantize(s, FourBitCode.NF4, rows);
            case FP4: return Block4Weight.quantize(s, FourBitCode.FP4, rows);
            default:
                throw new IllegalArgumentException(s.name() + ": the " + format + " format keeps a dense tensor;"
                        + " wrap it in DenseWeight instead of quantizing");
        }
    }
}
