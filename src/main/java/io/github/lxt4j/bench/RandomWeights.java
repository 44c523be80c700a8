package io.github.lxt4j.bench;

import io.github.lxt4j.models.WeightSupplier;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.StoredWeight;
import io.github.lxt4j.tensor.storage.StoredWeights;
import io.github.lxt4j.tensor.storage.WeightFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic random weights at real shapes: uniform with standard deviation {@code std} for matrices (cheap to
 * draw for billions of parameters), ones for norm weights, zeros for biases and CLIP's initial temperature for
 * {@code logit_scale}, in the key names of every family's checkpoints (see {@link #kind(String)}).
 * Each tensor's values depend only on the seed and its key, so runs are repeatable. Weights asked for in a storage
 * form ({@link #loadStored}) are drawn straight into it: int8/nf4/fp4 as random codes with scale
 * {@code std·√3}, bf16/f16 row by row (each row from its own stream of the seed, key and row), so a model never
 * exists as float32 as a whole; they report BF16 as their checkpoint dtype, as the
 * released LLaMA-3, Mistral and Mixtral checkpoints are, so embeddings and {@code lm_head} stay at 2 bytes.
 */
public final class RandomWeights implements WeightSupplier {

    /** The standard deviation that {@code bench} draws with (the usual initializer range of these models). */
    public static final double STD = 0.02;

    /** CLIP's initial {@code logit_scale}, log(1 / 0.07). */
    public static final double LOGIT_SCALE = Math.log(1 / 0.07);

    /** How a key is filled. */
    enum Kind {
        RANDOM,
        ONES,
        ZEROS,
        LOGIT_SCALE
    }

    private final long seed;
    private final double std;
    private final Set<String> absent;

    public RandomWeights(long seed, double std) {
        this(seed, std, Set.of());
    }

    private RandomWeights(long seed, double std, Set<String> absent) {
        this.seed = seed;
        this.std = std;
        this.absent = absent;
    }

    /** The same weights without {@code keys}, as in a checkpoint that does not store them (a tied head). */
    public RandomWeights without(String... keys) {
        return new RandomWeights(seed, std, Set.of(keys));
    }

    @Override
    public boolean contains(String key) {
        return !absent.contains(key);
    }

    /**
     * Biases: {@code *.bias} and OpenCLIP's {@code *_bias} ({@code in_proj_bias}). Norm weights: a last module name
     * with {@code norm} in it, in any case (LLaMA's {@code norm}, {@code input_layernorm}; T5's {@code layer_norm},
     * {@code final_layer_norm}; HF CLIP's {@code layer_norm1}, {@code post_layernorm}; BERT's {@code LayerNorm}), HF
     * CLIP's {@code pre_layrnorm} (sic), or OpenCLIP's {@code ln_*}.
     */
    static Kind kind(String key) {
        if (key.endsWith(".bias") || key.endsWith("_bias")) {
            return Kind.ZEROS;
        }
        if (key.equals("logit_scale") || key.endsWith(".logit_scale")) {
            return Kind.LOGIT_SCALE;
        }
        if (key.endsWith(".weight")) {
            String module = key.substring(0, key.length() - ".weight".length());
            String name = module.substring(module.lastIndexOf('.') + 1);
            if (name.toLowerCase(Locale.ROOT).contains("norm") || name.contains("layrnorm") || name.startsWith("ln_")) {
                return Kind.ONES;
            }
        }
        return Kind.RANDOM;
    }

    @Override
    public Tensor load(String key, long[] shape, Backend backend, DType dtype) {
        float[] v = new float[arrayLength(key, shape)];
        switch (kind(key)) {
            case ONES -> Arrays.fill(v, 1f);
            case LOGIT_SCALE -> Arrays.fill(v, (float) LOGIT_SCALE);
            case ZEROS -> {}
            case RANDOM -> {
                SplittableRandom r = new SplittableRandom(seed ^ key.hashCode() * 0x9E3779B97F4A7C15L);
                float halfWidth = (float) (std * Math.sqrt(3));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (r.nextInt() * 0x1p-31f) * halfWidth;
                }
            }
        }
        return backend.fromFloats(v, dtype, shape);
    }

    /** The element count of a weight drawn as one float array, refused (naming the weight) when no array holds it. */
    static int arrayLength(String key, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = d > 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new BenchOptionException("the config makes " + key + " of shape " + Arrays.toString(shape) + " ("
                    + (n == Long.MAX_VALUE ? "more than 2^63" : n) + " elements), more than one Java array holds"
                    + " (2^31 - 8): the sizes of the config (hidden_size, vocab_size, intermediate_size, ...) are"
                    + " too large for random weights");
        }
        return (int) n;
    }

    @Override
    public StoredWeight loadStored(String key, long[] shape, WeightFormat format, Backend backend) {
        if (kind(key) != Kind.RANDOM) {
            return WeightSupplier.super.loadStored(key, shape, format, backend);
        }
        long keySeed = seed ^ key.hashCode() * 0x9E3779B97F4A7C15L;
        float halfWidth = (float) (std * Math.sqrt(3));
        StoredWeight codes = format.isQuantized() ? randomCodes(key, format, keySeed, halfWidth, shape) : null;
        if (codes != null) {
            return codes;
        }
        return StoredWeights.quantize(
                key,
                format,
                (row, dst) -> {
                    SplittableRandom r = new SplittableRandom(keySeed + row * 0xBF58476D1CE4E5B9L);
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = (r.nextInt() * 0x1p-31f) * halfWidth;
                    }
                },
                shape);
    }

    /**
     * Random codes (uniform over the code book) with every scale {@code halfWidth}, drawn in parallel chunks of
     * 1 MiB, each from its own stream: a quantized model of the same size and value range, without quantizing float
     * values first. Null when the shape cannot be stored so (then the quantizer says why).
     */
    private static StoredWeight randomCodes(
            String key, WeightFormat format, long keySeed, float halfWidth, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = d > 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        long rows = n / shape[shape.length - 1];
        boolean int8 = format == WeightFormat.INT8;
        if (!int8 && n % 64 != 0 || n > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] codes = new byte[(int) (int8 ? n : n / 2)];
        float[] scales = new float[(int) (int8 ? rows : n / 64)];
        Arrays.fill(scales, halfWidth);
        int chunk = 1 << 20;
        IntStream.range(0, (codes.length + chunk - 1) / chunk).parallel().forEach(c -> {
            byte[] part = new byte[Math.min(chunk, codes.length - c * chunk)];
            new SplittableRandom(keySeed + c * 0xBF58476D1CE4E5B9L).nextBytes(part);
            System.arraycopy(part, 0, codes, c * chunk, part.length);
        });
        return StoredWeights.fromCodes(key, format, codes, scales, shape);
    }

    @Override
    public DType storedDType(String key) {
        return DType.BFLOAT16;
    }

    @Override
    public String source() {
        return "random weights (seed " + seed + ")";
    }
}
