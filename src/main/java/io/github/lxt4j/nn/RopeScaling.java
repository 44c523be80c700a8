package io.github.lxt4j.nn;

import io.github.lxt4j.Lxt4jException;

/**
 * RoPE frequency schedules as HF transformers defines them: {@code default}, {@code linear}, {@code dynamic}
 * (NTK-aware, applied when the sequence exceeds the original context), {@code llama3} and {@code longrope} (Phi-3:
 * per-frequency short or long factors, chosen by the sequence length, and an attention factor on cos and sin).
 */
public final class RopeScaling {

    public enum Type {
        DEFAULT,
        LINEAR,
        DYNAMIC,
        LLAMA3,
        LONGROPE
    }

    private final Type type;
    private final double theta;
    private final double factor;
    private final double lowFreqFactor;
    private final double highFreqFactor;
    private final long originalMaxPositions;
    private final double[] shortFactor;
    private final double[] longFactor;
    private final double attentionFactor;

    private RopeScaling(
            Type type,
            double theta,
            double factor,
            double lowFreqFactor,
            double highFreqFactor,
            long originalMaxPositions) {
        this(type, theta, factor, lowFreqFactor, highFreqFactor, originalMaxPositions, null, null, 1.0);
    }

    private RopeScaling(
            Type type,
            double theta,
            double factor,
            double lowFreqFactor,
            double highFreqFactor,
            long originalMaxPositions,
            double[] shortFactor,
            double[] longFactor,
            double attentionFactor) {
        this.type = type;
        this.theta = theta;
        this.factor = factor;
        this.lowFreqFactor = lowFreqFactor;
        this.highFreqFactor = highFreqFactor;
        this.originalMaxPositions = originalMaxPositions;
        this.shortFactor = shortFactor;
        this.longFactor = longFactor;
        this.attentionFactor = attentionFactor;
    }

    public static RopeScaling defaults(double theta) {
        return new RopeScaling(Type.DEFAULT, theta, 1, 1, 1, 0);
    }

    public static RopeScaling linear(double theta, double factor) {
        return new RopeScaling(Type.LINEAR, theta, factor, 1, 1, 0);
    }

    public static RopeScaling dynamic(double theta, double factor, long maxPositions) {
        return new RopeScaling(Type.DYNAMIC, theta, factor, 1, 1, maxPositions);
    }

    public static RopeScaling llama3(double theta, double factor, double low, double high, long originalMax) {
        return new RopeScaling(Type.LLAMA3, theta, factor, low, high, originalMax);
    }

    /**
     * LongRoPE (HF's {@code _compute_longrope_parameters}): {@code inv_freq[i] = 1 / (f[i] · θ^(2i/dim))} with
     * {@code f = shortFactor} while the sequence ({@code max(position) + 1}) is at most {@code originalMax}, else
     * {@code longFactor}; cos and sin are multiplied by {@code attentionFactor} at every length.
     *
     * @param shortFactor one factor per frequency (rotary dim / 2), for sequences up to {@code originalMax}
     * @param longFactor one factor per frequency, for longer sequences
     * @param attentionFactor see {@link #longropeAttentionFactor}, or the config's {@code attention_factor}
     */
    public static RopeScaling longrope(
            double theta, double[] shortFactor, double[] longFactor, long originalMax, double attentionFactor) {
        if (shortFactor.length != longFactor.length) {
            throw new IllegalArgumentException(
                    "longrope: " + shortFactor.length + " short factors but " + longFactor.length + " long factors");
        }
        return new RopeScaling(
                Type.LONGROPE, theta, 1, 1, 1, originalMax, shortFactor.clone(), longFactor.clone(), attentionFactor);
    }

    /**
     * LongRoPE's default attention factor: 1 when {@code factor ≤ 1}, else
     * {@code √(1 + ln factor / ln originalMax)} ({@code factor} is the extension ratio, Phi-3's
     * {@code max_position_embeddings / original_max_position_embeddings}).
     */
    public static double longropeAttentionFactor(double factor, long originalMax) {
        return factor <= 1.0 ? 1.0 : Math.sqrt(1 + Math.log(factor) / Math.log(originalMax));
    }

    public Type type() {
        return type;
    }

    public double theta() {
        return theta;
    }

    public double factor() {
        return factor;
    }

    /** Scale applied to cos and sin; 1 for every type but longrope. */
    public double attentionFactor() {
        return attentionFactor;
    }

    /** The context length that longrope, llama3 and dynamic scaling compare against (0 for the others). */
    public long originalMaxPositions() {
        return originalMaxPositions;
    }

    /** inv_freq[i] = 1 / θ^(2i/dim), adjusted by the schedule; {@code seqLen} matters for dynamic scaling. */
    public double[] inverseFrequencies(int dim, long seqLen) {
        if (type == Type.LONGROPE) {
            return longropeFrequencies(dim, seqLen > originalMaxPositions ? longFactor : shortFactor);
        }
        double base = theta;
        if (type == Type.DYNAMIC && seqLen > originalMaxPositions) {
            double ratio = factor * seqLen / (double) originalMaxPositions - (factor - 1);
            base = theta * Math.pow(ratio, dim / (double) (dim - 2));
        }
        int half = dim / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            // HF: 1.0 / (base ** (torch.arange(0, dim, 2, dtype=int64).float() / dim)), in float32
            float exponent = (float) (2 * i) / (float) dim;
            inv[i] = (float) (1.0 / Math.pow(base, exponent));
        }
        if (type == Type.LINEAR) {
            for (int i = 0; i < half; i++) {
                inv[i] /= factor;
            }
        } else if (type == Type.LLAMA3) {
            double lowWavelen = originalMaxPositions / lowFreqFactor;
            double highWavelen = originalMaxPositions / highFreqFactor;
            for (int i = 0; i < half; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowWavelen) {
                    inv[i] = inv[i] / factor;
                } else if (wavelen >= highWavelen) {
                    double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    private double[] longropeFrequencies(int dim, double[] ext) {
        if (ext.length != dim / 2) {
            throw new IllegalArgumentException("longrope has " + ext.length + " factors per set, but rotary dimension "
                    + dim + " has " + dim / 2 + " frequencies");
        }
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            // HF, all float32: 1.0 / (ext_factors * base ** (arange(0, dim, 2).float() / dim))
            float exponent = (float) (2 * i) / (float) dim;
            float pow = (float) Math.pow(theta, exponent);
            inv[i] = 1.0f / ((float) ext[i] * pow);
        }
        return inv;
    }

    /** An unsupported or malformed rope configuration. */
    public static final class UnsupportedRopeException extends Lxt4jException {
        public UnsupportedRopeException(String message) {
            super(message);
        }
    }
}
