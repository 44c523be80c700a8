package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * bitsandbytes 4-bit blockwise storage (NF4 or FP4), as {@code kQuantizeBlockwise} / {@code kDequantizeBlockwise}
 * in csrc/kernels.cu do it with blocksize 64: the row-major weight is cut into blocks of 64 consecutive elements, each
 * with a float32 {@code absmax}; element {@code w} gets the code {@link FourBitCode#encode}{@code (w · (1f / absmax))}
 * and dequantizes to {@code value(code) · absmax}. Two codes per byte, the first element of each pair in the high
 * nibble. A block of zeros stores absmax 0 and the code of 0 (bitsandbytes would compute 0·∞ = NaN and take code 0),
 * so it dequantizes to zeros. As in bitsandbytes, blocks run over the flattened weight and may span rows; the
 * element count must be a multiple of 64 (bitsandbytes would pad a last partial block; lxt4j refuses it).
 *
 * <p>The packed codes are a heap array or a view of a memory-mapped bitsandbytes checkpoint; the scales are a
 * {@link BlockAbsmax}: float32 values or bitsandbytes' double-quantized {@link NestedAbsmax}.
 */
public final class Block4Weight extends DecodedWeight {
    public static final int BLOCK = 64;

    private final FourBitCode code;
    private ByteBuffer packed;
    private BlockAbsmax absmax;

    private Block4Weight(WeightShape shape, FourBitCode code, ByteBuffer packed, BlockAbsmax absmax) {
        super(shape);
        this.code = code;
        this.packed = packed;
        this.absmax = absmax;
    }

    static Block4Weight of(WeightShape s, FourBitCode code, ByteBuffer packed, BlockAbsmax absmax) {
        return new Block4Weight(s, code, packed.slice(), absmax);
    }

    static Block4Weight quantize(WeightShape s, FourBitCode code, FloatRows source) {
        int cols = s.cols();
        if (s.numel() % BLOCK != 0) {
            throw new UnquantizableWeightException(s.name() + ": " + code + " cuts the weight into blocks of " + BLOCK
                    + " consecutive elements, but shape " + Arrays.toString(s.shape()) + " has " + s.numel()
                    + " elements, not a multiple of " + BLOCK);
        }
        // a group of rows holds a whole number of blocks: blocks span rows when a row is not a multiple of 64
        int group = BLOCK / gcd(cols, BLOCK);
        int groupLength = group * cols;
        byte[] packed = new byte[(int) (s.numel() / 2)];
        float[] absmax = new float[(int) (s.numel() / BLOCK)];
        RowTasks.run(s.rows() / group, groupLength, (g, buf) -> {
            float[] row = group == 1 ? buf : new float[cols];
            for (int j = 0; j < group; j++) {
                source.read(g * group + j, row);
                if (group > 1) {
                    System.arraycopy(row, 0, buf, j * cols, cols);
                }
            }
            int firstBlock = g * (groupLength / BLOCK);
            for (int b = 0; b < groupLength / BLOCK; b++) {
                int o = b * BLOCK;
                float a = 0f;
                for (int i = 0; i < BLOCK; i++) {
                    a = Math.max(a, Math.abs(buf[o + i]));
                }
                absmax[firstBlock + b] = a;
                float inv = a == 0f ? 0f : 1f / a;
                int p = (firstBlock + b) * (BLOCK / 2);
                for (int j = 0; j < BLOCK / 2; j++) {
                    int hi = code.encode(buf[o + 2 * j] * inv);
                    int lo = code.encode(buf[o + 2 * j + 1] * inv);
                    packed[p + j] = (byte) (hi << 4 | lo);
                }
            }
        });
        return new Block4Weight(s, code, OffHeap.copyOf(packed), BlockAbsmax.of(absmax));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The packed codes, two per byte (first element in the high nibble), a copy. */
    public byte[] packedCodes() {
        checkOpen();
        byte[] out = new byte[packed.limit()];
        packed.get(0, out);
        return out;
    }

    /** The packed codes as stored (a read-only view: no copy). */
    public ByteBuffer packedBytes() {
        checkOpen();
        return packed.asReadOnlyBuffer();
    }

    /** One float32 absmax per block of 64 (dequantized when the scales are double-quantized), a new array. */
    public float[] blockAbsmax() {
        checkOpen();
        return absmax.toArray();
    }

    /** The scales as stored: float32 values or a {@link NestedAbsmax}. */
    public BlockAbsmax absmaxStorage() {
        checkOpen();
        return absmax;
    }

    /**
     * This weight with its block scales double-quantized as bitsandbytes' {@code bnb_4bit_use_double_quant} does
     * ({@link NestedAbsmax#quantize}); the packed codes are shared. A weight already double-quantized is returned
     * as it is.
     */
    public Block4Weight withDoubleQuant() {
        checkOpen();
        if (absmax instanceof NestedAbsmax) {
            return this;
        }
        return new Block4Weight(shape, code, packed, NestedAbsmax.quantize(absmax.toArray(), NestedAbsmax.BLOCK));
    }

    /** The 16 code values of this weight's code book, indexed by code. */
    public float[] codeValues() {
        return code.table();
    }

    @Override
    public WeightFormat format() {
        return code == FourBitCode.NF4 ? WeightFormat.NF4 : WeightFormat.FP4;
    }

    @Override
    public long storageBytes() {
        checkOpen();
        return packed.limit() + absmax.storageBytes();
    }

    @Override
    Tensor decode(WeightDecoder decoder, Backend backend, long[] rows) {
        Tensor scales = absmax.widen(decoder);
        int cols = shape.cols();
        if (rows == null) {
            return decoder.fourBit(packed, code.table(), scales, BLOCK, null);
        }
        // units of whole blocks: a group of rows when blocks span rows, then the row inside its group
        int group = BLOCK / gcd(cols, BLOCK);
        long[] units = new long[rows.length];
        long[] inGroup = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            units[i] = rows[i] / group;
            inGroup[i] = (long) i * group + rows[i] % group;
        }
        Tensor decoded = decoder.fourBit(packed, code.table(), scales, group * cols, units);
        if (group == 1) {
            return decoded;
        }
        return decoded.reshape((long) rows.length * group, cols)
                .indexSelect(0, backend.fromLongs(inGroup, inGroup.length));
    }

    @Override
    void decodeRow(int row, float[] dst) {
        if (shape.cols() % BLOCK != 0) {
            decodeSpanningRow(row, dst);
            return;
        }
        int blocks = shape.cols() / BLOCK;
        float[] scaled = new float[16];
        ByteBuffer q = packed;
        BlockAbsmax scales = absmax;
        for (int b = 0; b < blocks; b++) {
            int block = row * blocks + b;
            float a = scales.get(block);
            for (int c = 0; c < 16; c++) {
                scaled[c] = code.value(c) * a;
            }
            int p = block * (BLOCK / 2);
            int o = b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int v = q.get(p + j);
                dst[o + 2 * j] = scaled[(v >> 4) & 0xF];
                dst[o + 2 * j + 1] = scaled[v & 0xF];
            }
        }
    }

    /** A row whose blocks may start in the previous row or end in the next: element by element. */
    private void decodeSpanningRow(int row, float[] dst) {
        int cols = shape.cols();
        long first = (long) row * cols;
        for (int i = 0; i < cols; i++) {
            long f = first + i;
            int v = packed.get((int) (f >> 1));
            int c = (f & 1) == 0 ? (v >> 4) & 0xF : v & 0xF;
            dst[i] = code.value(c) * absmax.get((int) (f / BLOCK));
        }
    }

    @Override
    void release() {
        packed = null;
        absmax = null;
    }
}
