package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The per-block scales of a 4-bit weight: one float32 absmax per block ({@link #of}), a view of a memory-mapped
 * checkpoint tensor or a heap array, or bitsandbytes' double-quantized form ({@link NestedAbsmax}).
 */
public abstract class BlockAbsmax {

    BlockAbsmax() {}

    /** The number of blocks. */
    public abstract int blocks();

    /** The absmax of {@code block} as float32 (for a nested form: its dequantized value). */
    public abstract float get(int block);

    /** The bytes this storage occupies. */
    public abstract long storageBytes();

    /** All absmax values as a FLOAT32 tensor {@code [blocks]}, decoded by {@code decoder}. */
    abstract Tensor widen(WeightDecoder decoder);

    /** All absmax values as float32, a new array. */
    public float[] toArray() {
        float[] out = new float[blocks()];
        for (int b = 0; b < out.length; b++) {
            out[b] = get(b);
        }
        return out;
    }

    /** Plain float32 scales kept in {@code values} (not copied). */
    public static BlockAbsmax of(float[] values) {
        return new Plain(FloatBuffer.wrap(values));
    }

    /** Plain float32 scales from little-endian bytes (position to limit), e.g. a mapped F32 tensor; not copied. */
    public static BlockAbsmax of(ByteBuffer littleEndianFloats) {
        if (littleEndianFloats.remaining() % 4 != 0) {
            throw new IllegalArgumentException(littleEndianFloats.remaining() + " bytes are not whole float32 values");
        }
        return new Plain(
                littleEndianFloats.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
    }

    private static final class Plain extends BlockAbsmax {
        private final FloatBuffer values;

        Plain(FloatBuffer values) {
            this.values = values;
        }

        @Override
        public int blocks() {
            return values.limit();
        }

        @Override
        public float get(int block) {
            return values.get(block);
        }

        @Override
        public long storageBytes() {
            return 4L * values.limit();
        }

        @Override
        Tensor widen(WeightDecoder decoder) {
            return decoder.floats(values.duplicate().clear(), values.limit());
        }
    }
}
