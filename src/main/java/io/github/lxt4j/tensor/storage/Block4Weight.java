package io.github.lxt4j.tensor.storage;

import java.util.Arrays;

/**
 * bitsandbytes 4-bit blockwise storage (NF4 or FP4), as {@code kQuantizeBlockwise} / {@code kDequantizeBlockwise}
 * in csrc/kernels.cu do it with blocksize 64: the row-major weight is cut into blocks of 64 consecutive elements, each
 * with a float32 {@code absmax}; element {@code w} gets the code {@link FourBitCode#encode}{@code (w · (1f / absmax))}
 * and dequantizes to {@code value(code) · absmax}. Two codes per byte, the first element of each pair in the high
 * nibble. A block of zeros stores absmax 0 and the code of 0 (bitsandbytes would compute 0·∞ = NaN and take code 0),
 * so it dequantizes to zeros. Rows must be a multiple of 64 long, so that no block spans two rows.
 */
public final class Block4Weight extends DecodedWeight {
    public static final int BLOCK = 64;

    private final FourBitCode code;
    private byte[] packed;
    private float[] absmax;

    private Block4Weight(WeightShape shape, FourBitCode code, byte[] packed, float[] absmax) {
        super(shape);
        this.code = code;
        this.packed = packed;
        this.absmax = absmax;
    }

    static Block4Weight quantize(WeightShape s, FourBitCode code, FloatRows source) {
        int cols = s.cols();
        if (cols % BLOCK != 0) {
            throw new UnquantizableWeightException(s.name() + ": " + code + " needs rows whose length is a multiple of "
                    + BLOCK + ", but shape " + Arrays.toString(s.shape()) + " has rows of " + cols);
        }
        byte[] packed = new byte[(int) (s.numel() / 2)];
        float[] absmax = new float[(int) (s.numel() / BLOCK)];
        RowTasks.run(s.rows(), cols, (r, row) -> {
            source.read(r, row);
            int firstBlock = r * (cols / BLOCK);
            for (int b = 0; b < cols / BLOCK; b++) {
                int o = b * BLOCK;
                float a = 0f;
                for (int i = 0; i < BLOCK; i++) {
                    a = Math.max(a, Math.abs(row[o + i]));
                }
                absmax[firstBlock + b] = a;
                float inv = a == 0f ? 0f : 1f / a;
                int p = (firstBlock + b) * (BLOCK / 2);
                for (int j = 0; j < BLOCK / 2; j++) {
                    int hi = code.encode(row[o + 2 * j] * inv);
                    int lo = code.encode(row[o + 2 * j + 1] * inv);
                    packed[p + j] = (byte) (hi << 4 | lo);
                }
            }
        });
        return new Block4Weight(s, code, packed, absmax);
    }

    /** The packed codes, two per byte (first element in the high nibble), a copy. */
    public byte[] packedCodes() {
        checkOpen();
        return packed.clone();
    }

    /** One float32 absmax per block of 64, a copy. */
    public float[] blockAbsmax() {
        checkOpen();
        return absmax.clone();
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
        return packed.length + 4L * absmax.length;
    }

    @Override
    void decodeRow(int row, float[] dst) {
        int blocks = shape.cols() / BLOCK;
        float[] scaled = new float[16];
        byte[] q = packed;
        for (int b = 0; b < blocks; b++) {
            int block = row * blocks + b;
            float a = absmax[block];
            for (int c = 0; c < 16; c++) {
                scaled[c] = code.value(c) * a;
            }
            int p = block * (BLOCK / 2);
            int o = b * BLOCK;
            for (int j = 0; j < BLOCK / 2; j++) {
                int v = q[p + j];
                dst[o + 2 * j] = scaled[(v >> 4) & 0xF];
                dst[o + 2 * j + 1] = scaled[v & 0xF];
            }
        }
    }

    @Override
    void release() {
        packed = null;
        absmax = null;
    }
}
