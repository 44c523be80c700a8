package io.github.lxt4j.benchmarks;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.SplittableRandom;

/** Deterministic random inputs for the benchmarks. */
final class Inputs {
    private Inputs() {}

    static Tensor random(Backend backend, long seed, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return backend.fromFloats(v, DType.FLOAT32, shape);
    }
}
