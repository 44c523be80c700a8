package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The weight half of LLM.int8 (bitsandbytes {@code int8_vectorwise_quant} / {@code int8_vectorwise_dequant},
 * bitsandbytes/backends/default/ops.py and bitsandbytes/functional.py): per output row {@code r} with
 * {@code a = max|w[r, :]|} (float32), {@code q = rint(w · (127f / a))} as int8 (round half to even, as torch.round
 * and CUDA's __float2int_rn), dequantized {@code (q · a) · 7.874015718698502e-3f}. No outlier decomposition. An
 * all-zero row stores {@code a = 0} and codes 0 (bitsandbytes would compute 0·∞), so it dequantizes to zeros.
 * Codes and scales are heap arrays or views of a memory-mapped bitsandbytes checkpoint ({@code weight}, {@code SCB}).
 */
public final class Int8Weight extends DecodedWeight {
    /** bitsandbytes' 1/127 as it multiplies in float32. */
    static final float INV_127 = 7.874015718698502e-3f;

    private ByteBuffer codes;
    private FloatBuffer rowAbsmax;

    private Int8Weight(WeightShape shape, ByteBuffer codes, FloatBuffer rowAbsmax) {
        super(shape);
        this.codes = codes;
        this.rowAbsmax = rowAbsmax;
    }

    static Int8Weight of(WeightShape s, byte[] codes, float[] rowAbsmax) {
        return new Int8Weight(s, OffHeap.copyOf(codes), FloatBuffer.wrap(rowAbsmax));
    }

    /** Views of stored codes and little-endian float32 row absmax (position to limit), not copied. */
    static Int8Weight of(WeightShape s, ByteBuffer codes, ByteBuffer rowAbsmaxLe) {
        return new Int8Weight(
                s,
                codes.slice(),
                rowAbsmaxLe.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
    }

    static Int8Weight quantize(WeightShape s, FloatRows source) {
        int cols = s.cols();
        byte[] codes = new byte[(int) s.numel()];
        float[] absmax = new float[s.rows()];
        RowTasks.run(s.rows(), cols, (r, row) -> {
            source.read(r, row);
            float a = 0f;
            for (int i = 0; i < cols; i++) {
                a = Math.max(a, Math.abs(row[i]));
            }
            absmax[r] = a;
            if (a == 0f) {
                return;
            }
            float scale = 127f / a;
            int p = r * cols;
            for (int i = 0; i < cols; i++) {
                codes[p + i] = (byte) Math.rint(row[i] * scale);
            }
        });
        return of(s, codes, absmax);
    }

    /** The int8 codes, row-major (a copy). */
    public byte[] codes() {
        checkOpen();
        byte[] out = new byte[codes.limit()];
        codes.get(0, out);
        return out;
    }

    /** The int8 codes as stored (a read-only view: no copy). */
    public ByteBuffer codeBytes() {
        checkOpen();
        return codes.asReadOnlyBuffer();
    }

    /** The per-row absmax (bitsandbytes' {@code SCB}), a copy. */
    public float[] rowAbsmax() {
        checkOpen();
        float[] out = new float[rowAbsmax.limit()];
        rowAbsmax.get(0, out);
        return out;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.INT8;
    }

    @Override
    public long storageBytes() {
        checkOpen();
        return codes.limit() + 4L * rowAbsmax.limit();
    }

    @Override
    Tensor decode(WeightDecoder decoder, Backend backend, long[] rows) {
        Tensor scales = decoder.floats(rowAbsmax.duplicate().clear(), rowAbsmax.limit());
        return decoder.int8(codes, scales, INV_127, shape.cols(), rows);
    }

    @Override
    void decodeRow(int row, float[] dst) {
        int cols = shape.cols();
        int p = row * cols;
        float a = rowAbsmax.get(row);
        ByteBuffer c = codes;
        for (int i = 0; i < cols; i++) {
            dst[i] = (c.get(p + i) * a) * INV_127;
        }
    }

    @Override
    void release() {
        codes = null;
        rowAbsmax = null;
    }
}
