package io.github.lxt4j.models.t5;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Tensor;

/**
 * T5's relative position bias: a learned scalar per head and bucket of the distance {@code key − query}. The bucket
 * function is HF's {@code T5Attention._relative_position_bucket}, including its float32 arithmetic (the log-spaced
 * buckets are truncated from a float32 value, so float64 would move some boundaries).
 */
public final class RelativePositionBias {
    private RelativePositionBias() {}

    /** The bucket of {@code relativePosition = key − query}. */
    public static int bucket(long relativePosition, boolean bidirectional, int numBuckets, int maxDistance) {
        int offset = 0;
        int buckets = numBuckets;
        long rp;
        if (bidirectional) {
            buckets /= 2;
            if (relativePosition > 0) {
                offset = buckets;
            }
            rp = Math.abs(relativePosition);
        } else {
            rp = -Math.min(relativePosition, 0);
        }
        int maxExact = buckets / 2;
        if (rp < maxExact) {
            return offset + (int) rp;
        }
        float logRatio = (float) Math.log((float) rp / (float) maxExact);
        float logRange = (float) Math.log((double) maxDistance / maxExact);
        float scaled = logRatio / logRange * (float) (buckets - maxExact);
        long large = Math.min(maxExact + (long) scaled, buckets - 1);
        return offset + (int) large;
    }

    /** Bucket ids [query][key] for {@code queries × keys} positions starting at 0. */
    public static long[] buckets(int queries, int keys, boolean bidirectional, int numBuckets, int maxDistance) {
        long[] out = new long[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j < keys; j++) {
                out[i * keys + j] = bucket(j - i, bidirectional, numBuckets, maxDistance);
            }
        }
        return out;
    }

    /**
     * The additive bias [1, heads, queries, keys] from the table {@code weight} [numBuckets, heads]
     * ({@code relative_attention_bias.weight}).
     */
    public static Tensor compute(
            Backend backend, Tensor weight, int queries, int keys, boolean bidirectional, int maxDistance) {
        int numBuckets = (int) weight.dim(0);
        long heads = weight.dim(1);
        Tensor ids = backend.fromLongs(buckets(queries, keys, bidirectional, numBuckets, maxDistance), queries, keys);
        return weight.embedding(ids).permute(2, 0, 1).reshape(1, heads, queries, keys);
    }
}
