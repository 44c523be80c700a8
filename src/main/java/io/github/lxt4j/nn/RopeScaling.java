package io.github.lxt4j.nn;

import io.github.lxt4j.Lxt4jException;

/**
 * RoPE frequency schedules as HF transformers defines them: {@code default}, {@code linear}, {@code dynamic}
 * (NTK-aware, applied when the sequence exceeds the original context) and {@code llama3}.
 */
public final class RopeScaling {

    public enum Type { DEFAULT, LINEAR, DYNAMIC, LLAMA3 }

    private final Type type;
    private final double theta;
    private final double factor;
    private final double lowFreqFactor;
    private final double highFreqFactor;
    private final long originalMaxPositions;

    private RopeScaling(Type type, double theta, double factor, double lowFreqFactor, double highFreqFactor,
            long originalMaxPositions) {
        this.type = type;
        this.theta = theta;
        this.factor = factor;
        this.lowFreqFactor = lowFreqFactor;
        this.highFreqFactor = highFreqFactor;
        this.originalMaxPositions = originalMaxPositions;
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

    public Type type() {
        return type;
    }

    public double theta() {
        return theta;
    }

    public double factor() {
        return factor;
    }

    /** Scale applied to cos and sin; 1 for every supported type. */
    public double attentionFactor() {
        return 1.0;
    }

    /** inv_freq[i] = 1 / θ^(2i/dim), adjusted by the schedule; {@code seqLen} matters for dynamic scaling. */
    public double[] inverseFrequencies(int dim, long seqLen) {
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

    /** An unsupported or malformed rope configuration. */
    public static final class UnsupportedRopeException extends Lxt4jException {
        public UnsupportedRopeException(String message) {
            super(message);
        }
    }
}
