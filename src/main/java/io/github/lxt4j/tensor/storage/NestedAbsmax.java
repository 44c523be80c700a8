package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * bitsandbytes' double quantization of 4-bit block scales ({@code compress_statistics=True} in
 * bitsandbytes/functional.py {@code quantize_4bit}): the float32 absmax values minus their mean ({@code offset}) are
 * quantized blockwise to 8-bit codes of the {@link DynamicMap} in blocks of {@code nestedBlock} (256), each with its
 * own float32 absmax. Block {@code b}'s absmax is {@code code[q[b]] · nestedAbsmax[b / nestedBlock] + offset}, both
 * operations in float32, as {@code dequantize_blockwise} followed by {@code absmax += offset}.
 */
public final class NestedAbsmax extends BlockAbsmax {
    /** bitsandbytes' nested block size ({@code quantize_blockwise(..., blocksize=256)} in quantize_4bit). */
    public static final int BLOCK = 256;

    private final ByteBuffer codes;
    private final FloatBuffer nestedAbsmax;
    private final float[] code;
    private final float offset;
    private final int nestedBlock;

    private NestedAbsmax(ByteBuffer codes, FloatBuffer nestedAbsmax, float[] code, float offset, int nestedBlock) {
        this.codes = codes;
        this.nestedAbsmax = nestedAbsmax;
        this.code = code;
        this.offset = offset;
        this.nestedBlock = nestedBlock;
    }

    /**
     * Wraps stored parts without copying: {@code codes} one uint8 per block, {@code nestedAbsmaxLe} little-endian
     * float32 values (one per {@code nestedBlock} codes, the last block may be partial), the 256-value {@code code}
     * book and the offset. Sizes are checked; the caller names the weight in its own message.
     */
    public static NestedAbsmax of(
            ByteBuffer codes, ByteBuffer nestedAbsmaxLe, float[] code, float offset, int nestedBlock) {
        if (code.length != 256) {
            throw new IllegalArgumentException("the nested code book has " + code.length + " values, expected 256");
        }
        if (nestedBlock <= 0) {
            throw new IllegalArgumentException("nested block size " + nestedBlock + " is not positive");
        }
        ByteBuffer q = codes.slice();
        FloatBuffer a = nestedAbsmaxLe.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        long expected = (q.remaining() + (long) nestedBlock - 1) / nestedBlock;
        if (nestedAbsmaxLe.remaining() != 4 * expected) {
            throw new IllegalArgumentException(q.remaining() + " nested codes in blocks of " + nestedBlock + " need "
                    + expected + " nested absmax values, found " + nestedAbsmaxLe.remaining() / 4.0);
        }
        return new NestedAbsmax(q, a, code.clone(), offset, nestedBlock);
    }

    /**
     * Double-quantizes float32 {@code absmax} as bitsandbytes does: {@code offset} = the mean (here the float32
     * rounding of the exact mean; torch's float32 reduction may differ in the last bit), then per block of
     * {@code nestedBlock} values of {@code absmax - offset}: {@code a = max|v|}, each code =
     * {@link DynamicMap#quantize}{@code (v · (1f / a))}, as the CUDA kernel {@code kQuantizeBlockwise} does.
     */
    public static NestedAbsmax quantize(float[] absmax, int nestedBlock) {
        double sum = 0;
        for (float a : absmax) {
            sum += a;
        }
        float offset = absmax.length == 0 ? 0f : (float) (sum / absmax.length);
        float[] code = DynamicMap.code();
        int n = absmax.length;
        int blocks = (n + nestedBlock - 1) / nestedBlock;
        byte[] q = new byte[n];
        float[] a2 = new float[blocks];
        float[] v = new float[Math.min(n, nestedBlock)];
        for (int b = 0; b < blocks; b++) {
            int from = b * nestedBlock;
            int len = Math.min(nestedBlock, n - from);
            float max = 0f;
            for (int i = 0; i < len; i++) {
                v[i] = absmax[from + i] - offset;
                max = Math.max(max, Math.abs(v[i]));
            }
            a2[b] = max;
            float inv = 1f / max;
            for (int i = 0; i < len; i++) {
                q[from + i] = (byte) DynamicMap.quantize(code, v[i] * inv);
            }
        }
        ByteBuffer a2Bytes = ByteBuffer.allocate(4 * blocks).order(ByteOrder.LITTLE_ENDIAN);
        a2Bytes.asFloatBuffer().put(a2);
        return of(ByteBuffer.wrap(q), a2Bytes, code, offset, nestedBlock);
    }

    @Override
    public int blocks() {
        return codes.limit();
    }

    @Override
    public float get(int block) {
        return code[codes.get(block) & 0xFF] * nestedAbsmax.get(block / nestedBlock) + offset;
    }

    /** {@code code[q] · nestedAbsmax[b / nestedBlock] + offset} with tensor operations, in float32. */
    @Override
    Tensor widen(WeightDecoder decoder) {
        int n = codes.limit();
        Tensor q = decoder.byteCodes(codes, code);
        Tensor a = decoder.floats(nestedAbsmax.duplicate().clear(), nestedAbsmax.limit());
        Tensor perBlock = a.repeatInterleave(0, nestedBlock).slice(0, 0, n);
        return q.mul(perBlock).add(offset);
    }

    @Override
    public long storageBytes() {
        return codes.limit() + 4L * nestedAbsmax.limit() + 4L * code.length + 4;
    }

    /** The uint8 codes, one per 4-bit block (a read-only view). */
    public ByteBuffer codes() {
        return codes.asReadOnlyBuffer();
    }

    /** The float32 absmax of each nested block, a copy. */
    public float[] nestedAbsmax() {
        float[] out = new float[nestedAbsmax.limit()];
        nestedAbsmax.get(0, out);
        return out;
    }

    /** The 256-value code book, a copy. */
    public float[] code() {
        return code.clone();
    }

    /** The mean subtracted before quantizing, added back after. */
    public float offset() {
        return offset;
    }

    /** Codes per nested absmax (256 in bitsandbytes). */
    public int nestedBlock() {
        return nestedBlock;
    }
}
