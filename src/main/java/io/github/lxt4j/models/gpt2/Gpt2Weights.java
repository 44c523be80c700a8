package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;

/**
 * A GPT-2 checkpoint as the model's modules ask for it. Requests use GPT2LMHeadModel's names
 * ({@code transformer.h.0.attn.c_attn.weight}); a hub checkpoint saved from the bare GPT2Model stores them without
 * {@code transformer.}. Conv1D weights ({@code attn.c_attn}, {@code attn.c_proj}, {@code mlp.c_fc},
 * {@code mlp.c_proj}) are stored [in, out] (y = x·W + b) and asked for [out, in], as {@code WeightSource.linear}
 * wants them: each is read [in, out] and transposed on its own, so no more than one weight is ever held twice,
 * and then put into the requested storage form (int8, nf4, fp4, bf16, f16), named by its checkpoint key.
 */
final class Gpt2Weights implements WeightSupplier {

    static final String PREFIX = "transformer.";

    private final WeightSupplier checkpoint;
    private final boolean bare;

    /** @param bare whether the checkpoint's keys lack the {@code transformer.} prefix (the hub's GPT2Model saves) */
    Gpt2Weights(WeightSupplier checkpoint, boolean bare) {
        this.checkpoint = checkpoint;
        this.bare = bare;
    }

    /** Whether {@code key} is a Conv1D weight, stored transposed. */
    static boolean isConv1dWeight(String key) {
        return key.endsWith(".attn.c_attn.weight")
                || key.endsWith(".attn.c_proj.weight")
                || key.endsWith(".mlp.c_fc.weight")
                || key.endsWith(".mlp.c_proj.weight");
    }

    /** The checkpoint's key for the module key {@code key}. */
    String stored(String key) {
        return bare && key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
    }

    @Override
    public boolean contains(String key) {
        return checkpoint.contains(stored(key));
    }

    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        if (!isConv1dWeight(key)) {
            return checkpoint.load(stored(key), shape, backend, dtype);
        }
        Tensor asStored = checkpoint.load(stored(key), transposed(shape), backend, dtype);
        Tensor t = asStored.transpose(0, 1).copy();
        asStored.close();
        return t;
    }

    @Override
    public StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
        if (!isConv1dWeight(key)) {
            return checkpoint.loadStored(stored(key), shape, format, backend);
        }
        // bf16/f16 → float32 → bf16/f16 is exact, so a 16-bit checkpoint kept 16-bit loses nothing here
        Tensor t = load(key, shape, backend, DType.FLOAT32);
        float[] values = t.toFloatArray();
        t.close();
        return StoredWeights.quantize(stored(key), format, values, shape);
    }

    @Override
    public DType storedDType(String key) {
        return checkpoint.storedDType(stored(key));
    }

    @Override
    public String source() {
        return checkpoint.source();
    }

    /** Row-major [rows, cols] values as row-major [cols, rows]. */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }

    private static long[] transposed(long[] shape) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("a Conv1D weight is 2-D, asked for " + shape.length + "-D");
        }
        return new long[] {shape[1], shape[0]};
    }
}
