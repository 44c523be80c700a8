package io.github.lxt4j.testing;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Random;

/** A random nf4 weight [rows, cols] (cols a multiple of 64) that counts how often it is widened whole. */
public final class CountingWeight implements StoredWeight {
    private final StoredWeight w;
    private int widenings;

    public CountingWeight(String name, int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() / Math.sqrt(cols));
        }
        w = StoredWeights.quantize(name, WeightFormat.NF4, v, rows, cols);
    }

    public int widenings() {
        return widenings;
    }

    @Override
    public Tensor widen(Backend backend, DType dtype) {
        widenings++;
        return w.widen(backend, dtype);
    }

    @Override
    public String name() {
        return w.name();
    }

    @Override
    public WeightFormat format() {
        return w.format();
    }

    @Override
    public long[] shape() {
        return w.shape();
    }

    @Override
    public long storageBytes() {
        return w.storageBytes();
    }

    @Override
    public Tensor widenRows(Backend backend, DType dtype, long[] rowIds) {
        return w.widenRows(backend, dtype, rowIds);
    }

    @Override
    public float[] dequantize() {
        return w.dequantize();
    }

    @Override
    public void close() {
        w.close();
    }
}
