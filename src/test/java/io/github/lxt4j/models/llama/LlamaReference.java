package io.github.lxt4j.models.llama;

/**
 * An independent float64 forward pass of HF's LLaMA / Mistral / Qwen2 decoder in plain loops, written from the HF
 * modeling code: RMSNorm (x / √(mean x² + ε) · w), q/k/v with optional biases, rotate-half RoPE, GQA by
 * repeat_interleave of the kv heads, causal mask with an optional sliding window per layer (key j is visible to
 * query i when j ≤ i and j > i − w), softmax, SiLU-gated MLP, final norm, head (the embedding table when tied).
 *
 * <p>HF builds RoPE angles in float32 whatever the model dtype (inv_freq is float32, position × inv_freq runs under
 * autocast off in float32); the frequency schedules here follow that rounding step by step.
 */
final class LlamaReference {
    private final RandomLlama m;
    private final double eps;
    private final double[] invFreq;
    private final int[] window;

    /** @param window per layer: the sliding window, or 0 for full attention */
    LlamaReference(RandomLlama m, double eps, double[] invFreq, int[] window) {
        this.m = m;
        this.eps = eps;
        this.invFreq = invFreq;
        this.window = window;
    }

    // ---- HF rope_utils inverse frequencies, float32 like torch ----

    /** {@code 1 / base^(arange(0, dim, 2).float() / dim)}. */
    static double[] defaultInvFreq(double base, int dim) {
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / (float) dim;
            float pow = (float) Math.pow(base, exponent);
            inv[i] = (float) (1.0f / pow);
        }
        return inv;
    }

    static double[] linearInvFreq(double base, int dim, double factor) {
        double[] inv = defaultInvFreq(base, dim);
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (float) (inv[i] / factor);
        }
        return inv;
    }

    /** Dynamic NTK: HF compares seqLen = max(position) + 1 against config.max_position_embeddings. */
    static double[] dynamicInvFreq(double base, int dim, double factor, long maxPositionEmbeddings, long seqLen) {
        long len = Math.max(seqLen, maxPositionEmbeddings);
        double b = base * Math.pow(factor * len / maxPositionEmbeddings - (factor - 1), dim / (double) (dim - 2));
        return defaultInvFreq(b, dim);
    }

    static double[] llama3InvFreq(double base, int dim, double factor, double low, double high, long original) {
        double[] inv = defaultInvFreq(base, dim);
        double lowWavelen = original / low;
        double highWavelen = original / high;
        double[] out = new double[inv.length];
        for (int i = 0; i < inv.length; i++) {
            double wavelen = (float) (2 * Math.PI / inv[i]);
            double scaled = wavelen > lowWavelen ? (float) (inv[i] / factor) : inv[i];
            if (wavelen < highWavelen || wavelen > lowWavelen) {
                out[i] = scaled;
            } else {
                double smooth = (float) ((float) (original / wavelen - low) / (high - low));
                out[i] = (float) ((float) ((1 - smooth) * scaled / factor) + (float) (smooth * scaled));
            }
        }
        return out;
    }

    // ---- the forward pass ----

    double[][] embed(long[] ids) {
        double[] table = m.get("model.embed_tokens.weight");
        int h = m.s.hidden();
        double[][] x = new double[ids.length][h];
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(table, (int) ids[t] * h, x[t], 0, h);
        }
        return x;
    }

    /** Logits [T][vocab] of one unpadded sequence, positions 0..T−1. */
    double[][] logits(long[] ids) {
        return logits(embed(ids));
    }

    double[][] logits(double[][] embeds) {
        RandomLlama.Shape s = m.s;
        double[][] x = new double[embeds.length][];
        for (int t = 0; t < x.length; t++) {
            x[t] = embeds[t].clone();
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            add(x, attention(p + "self_attn.", norm(x, m.get(p + "input_layernorm.weight")), window[l]));
            double[][] n = norm(x, m.get(p + "post_attention_layernorm.weight"));
            double[][] g = linear(n, p + "mlp.gate_proj", s.intermediate());
            double[][] u = linear(n, p + "mlp.up_proj", s.intermediate());
            for (int t = 0; t < g.length; t++) {
                for (int k = 0; k < g[t].length; k++) {
                    double z = g[t][k];
                    g[t][k] = z / (1 + Math.exp(-z)) * u[t][k];
                }
            }
            add(x, linear(g, p + "mlp.down_proj", s.hidden()));
        }
        double[][] y = norm(x, m.get("model.norm.weight"));
        double[] head = m.get(s.tied() ? "model.embed_tokens.weight" : "lm_head.weight");
        double[][] out = new double[y.length][s.vocab()];
        for (int t = 0; t < y.length; t++) {
            for (int v = 0; v < s.vocab(); v++) {
                double acc = 0;
                for (int k = 0; k < s.hidden(); k++) {
                    acc += y[t][k] * head[v * s.hidden() + k];
                }
                out[t][v] = acc;
            }
        }
        return out;
    }

    private double[][] attention(String p, double[][] x, int win) {
        RandomLlama.Shape s = m.s;
        int d = s.headDim();
        int len = x.length;
        double[][] q = linear(x, p + "q_proj", s.heads() * d);
        double[][] k = linear(x, p + "k_proj", s.kvHeads() * d);
        double[][] v = linear(x, p + "v_proj", s.kvHeads() * d);
        for (int t = 0; t < len; t++) {
            rope(q[t], s.heads(), t);
            rope(k[t], s.kvHeads(), t);
        }
        int rep = s.heads() / s.kvHeads();
        double[][] ctx = new double[len][s.heads() * d];
        for (int h = 0; h < s.heads(); h++) {
            int kvh = h / rep;
            for (int i = 0; i < len; i++) {
                double[] score = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    if (win > 0 && j <= i - win) {
                        score[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += q[i][h * d + c] * k[j][kvh * d + c];
                    }
                    score[j] = acc / Math.sqrt(d);
                    max = Math.max(max, score[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    score[j] = Math.exp(score[j] - max);
                    sum += score[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int c = 0; c < d; c++) {
                        ctx[i][h * d + c] += score[j] / sum * v[j][kvh * d + c];
                    }
                }
            }
        }
        return linear(ctx, p + "o_proj", s.hidden());
    }

    /** q·cos + rotate_half(q)·sin per head, rotate_half(x) = [−x₂, x₁]. */
    private void rope(double[] row, int heads, int pos) {
        int d = m.s.headDim();
        int half = d / 2;
        for (int h = 0; h < heads; h++) {
            int o = h * d;
            for (int i = 0; i < half; i++) {
                double angle = (float) ((float) pos * (float) invFreq[i]);
                double c = Math.cos(angle);
                double sn = Math.sin(angle);
                double x1 = row[o + i];
                double x2 = row[o + i + half];
                row[o + i] = x1 * c - x2 * sn;
                row[o + i + half] = x2 * c + x1 * sn;
            }
        }
    }

    private double[][] norm(double[][] x, double[] w) {
        double[][] out = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double ms = 0;
            for (double v : x[t]) {
                ms += v * v;
            }
            double r = 1 / Math.sqrt(ms / x[t].length + eps);
            for (int k = 0; k < x[t].length; k++) {
                out[t][k] = x[t][k] * r * w[k];
            }
        }
        return out;
    }

    /** x Wᵀ + b, with the bias only when the checkpoint has one. */
    private double[][] linear(double[][] x, String p, int outDim) {
        double[] wt = m.get(p + ".weight");
        double[] b = m.has(p + ".bias") ? m.get(p + ".bias") : null;
        int in = x[0].length;
        double[][] out = new double[x.length][outDim];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < outDim; o++) {
                double acc = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    acc += x[t][i] * wt[o * in + i];
                }
                out[t][o] = acc;
            }
        }
        return out;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int k = 0; k < x[t].length; k++) {
                x[t][k] += y[t][k];
            }
        }
    }
}
