package io.github.lxt4j.bench;

import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Deterministic random weights at real shapes: uniform with standard deviation {@code std} for matrices (cheap to
 * draw for billions of parameters), ones for norm weights, zeros for biases.
 * Each tensor's values depend only on the seed and its key, so runs are repeatable.
 */
public final class RandomWeights implements WeightSupplier {

    private final long seed;
    private final double std;

    public RandomWeights(long seed, double std) {
        this.seed = seed;
        this.std = std;
    }

    @Override
    public boolean contains(String key) {
        return true;
    }

    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        if (key.endsWith("norm.weight") || key.endsWith("layernorm.weight") || key.contains("layer_norm")) {
            java.util.Arrays.fill(v, 1f);
        } else if (!key.endsWith(".bias")) {
            SplittableRandom r = new SplittableRandom(seed ^ key.hashCode() * 0x9E3779B97F4A7C15L);
            float halfWidth = (float) (std * Math.sqrt(3));
            for (int i = 0; i < v.length; i++) {
                v[i] = (r.nextInt() * 0x1p-31f) * halfWidth;
            }
        }
        return backend.fromFloats(v, dtype, shape);
    }

    @Override
    public String source() {
        return "random weights (seed " + seed + ")";
    }
}
