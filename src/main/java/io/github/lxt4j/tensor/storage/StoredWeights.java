package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.DType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Puts a weight into a storage format: bf16/f16 narrowing (or a zero-copy view of bytes already in that dtype) and
 * the int8 / nf4 / fp4 quantizers. The {@code f32} format keeps a dense tensor: use {@link DenseWeight}.
 */
public final class StoredWeights {
    private StoredWeights() {}

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
    public static StoredWeight quantize(
            String name, WeightFormat format, ByteBuffer littleEndian, DType stored, long... shape) {
        if ((format == WeightFormat.BF16 && stored == DType.BFLOAT16)
                || (format == WeightFormat.F16 && stored == DType.FLOAT16)) {
            HalfWeight w = HalfWeight.wrap(name, stored, littleEndian, shape);
            w.requireFinite();
            return w;
        }
        WeightShape s = WeightShape.of(name, shape);
        return store(s, format, FloatRows.of(s, littleEndian, stored));
    }

    /**
     * An int8 ({@code format} INT8: {@code codes} row-major, one absmax per row) or NF4/FP4 weight ({@code codes}
     * packed two per byte, one absmax per block of 64) built from its codes and scales as they are, e.g. drawn at
     * random for a benchmark. The arrays are kept, not copied.
     */
    public static StoredWeight fromCodes(
            String name, WeightFormat format, byte[] codes, float[] absmax, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        long n = s.numel();
        switch (format) {
            case INT8:
                require(
                        s,
                        codes.length == n && absmax.length == s.rows(),
                        format,
                        n + " codes and " + s.rows() + " row absmax");
                return Int8Weight.of(s, codes, absmax);
            case NF4:
            case FP4:
                require(
                        s,
                        n % Block4Weight.BLOCK == 0 && codes.length == n / 2 && absmax.length == n / Block4Weight.BLOCK,
                        format,
                        n / 2 + " packed bytes and " + n / Block4Weight.BLOCK + " block absmax (elements a multiple of "
                                + Block4Weight.BLOCK + ")");
                return Block4Weight.of(
                        s,
                        format == WeightFormat.NF4 ? FourBitCode.NF4 : FourBitCode.FP4,
                        OffHeap.copyOf(codes),
                        BlockAbsmax.of(absmax));
            default:
                throw new IllegalArgumentException(name + ": fromCodes builds int8, nf4 or fp4 weights, not " + format);
        }
    }

    /**
     * An NF4 or FP4 weight from stored parts, not copied (e.g. views of a memory-mapped bitsandbytes checkpoint):
     * {@code packed} (position to limit) two codes per byte, first element in the high nibble, and one scale per
     * block of 64 consecutive elements of the flattened weight.
     */
    public static Block4Weight block4(
            String name, WeightFormat format, ByteBuffer packed, BlockAbsmax absmax, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        long n = s.numel();
        require(s, format == WeightFormat.NF4 || format == WeightFormat.FP4, format, "the nf4 or fp4 format");
        require(
                s,
                n % Block4Weight.BLOCK == 0 && packed.remaining() == n / 2 && absmax.blocks() == n / Block4Weight.BLOCK,
                format,
                n / 2 + " packed bytes and "
                        + n / Block4Weight.BLOCK + " block scales (elements a multiple of " + Block4Weight.BLOCK
                        + "), found " + packed.remaining() + " bytes and " + absmax.blocks() + " scales");
        return Block4Weight.of(s, format == WeightFormat.NF4 ? FourBitCode.NF4 : FourBitCode.FP4, packed, absmax);
    }

    /**
     * An int8 weight from stored parts, not copied (e.g. a memory-mapped bitsandbytes {@code weight} and
     * {@code SCB}): {@code codes} row-major, {@code rowAbsmaxLe} one little-endian float32 per row.
     */
    public static Int8Weight int8(String name, ByteBuffer codes, ByteBuffer rowAbsmaxLe, long... shape) {
        WeightShape s = WeightShape.of(name, shape);
        require(
                s,
                codes.remaining() == s.numel() && rowAbsmaxLe.remaining() == 4L * s.rows(),
                WeightFormat.INT8,
                s.numel() + " codes and " + s.rows() + " row absmax, found " + codes.remaining() + " bytes and "
                        + rowAbsmaxLe.remaining() + " bytes of scales");
        return Int8Weight.of(s, codes, rowAbsmaxLe);
    }

    /** The 16 values of bitsandbytes' NF4 or FP4 code book, indexed by code. */
    public static float[] codeValues(WeightFormat format) {
        switch (format) {
            case NF4:
                return FourBitCode.NF4.table();
            case FP4:
                return FourBitCode.FP4.table();
            default:
                throw new IllegalArgumentException(format + " has no 4-bit code book");
        }
    }

    private static void require(WeightShape s, boolean ok, WeightFormat f, String expected) {
        if (!ok) {
            throw new UnquantizableWeightException(
                    s.name() + ": a " + f + " weight of shape " + Arrays.toString(s.shape()) + " needs " + expected);
        }
    }

    private static StoredWeight store(WeightShape s, WeightFormat format, FloatRows rows) {
        switch (format) {
            case BF16:
            case F16:
                return HalfWeight.narrow(s, format, rows);
            case INT8:
                return Int8Weight.quantize(s, rows);
            case NF4:
                return Block4Weight.quantize(s, FourBitCode.NF4, rows);
            case FP4:
                return Block4Weight.quantize(s, FourBitCode.FP4, rows);
            default:
                throw new IllegalArgumentException(s.name() + ": the " + format + " format keeps a dense tensor;"
                        + " wrap it in DenseWeight instead of quantizing");
        }
    }
}
