package io.github.lxt4j.models.phi3;

/**
 * An independent float64 forward pass of HF's Phi-3 in plain loops, written from modeling_phi3.py: RMSNorm, the
 * fused {@code qkv_proj} cut into its q, k and v row blocks, rotate-half RoPE on the first {@code rotaryDim} dims of
 * each head with cos and sin scaled by the attention factor, GQA, causal mask with an optional sliding window (key j
 * is visible to query i when i − w < j ≤ i), softmax, {@code up ⊙ silu(gate)} from the fused {@code gate_up_proj}
 * (gate rows first), final norm, head (the embedding table when tied).
 */
final class Phi3Reference {
    private final RandomPhi3 m;
    private final double eps;
    private final double[] invFreq;
    private final double attentionFactor;
    private final int window;

    /**
     * @param invFreq rotaryDim / 2 inverse frequencies (so rotaryDim = 2 · invFreq.length)
     * @param window the sliding window, or 0 for none
     */
    Phi3Reference(RandomPhi3 m, double eps, double[] invFreq, double attentionFactor, int window) {
        this.m = m;
        this.eps = eps;
        this.invFreq = invFreq;
        this.attentionFactor = attentionFactor;
        this.window = window;
    }

    /** HF rope_utils, float32 step by step: {@code 1 / (factor[i] · base^(float(2i) / dim))}; factor 1 = default. */
    static double[] invFreq(double base, int dim, double[] factor) {
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / (float) dim;
            float pow = (float) Math.pow(base, exponent);
            float f = factor == null ? 1f : (float) factor[i];
            inv[i] = 1.0f / (f * pow);
        }
        return inv;
    }

    /** Logits [T][vocab] of one unpadded sequence, positions 0..T−1. */
    double[][] logits(long[] ids) {
        RandomPhi3.Shape s = m.s;
        double[] table = m.get("model.embed_tokens.weight");
        double[][] x = new double[ids.length][s.hidden()];
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(table, (int) ids[t] * s.hidden(), x[t], 0, s.hidden());
        }
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            add(x, attention(p + "self_attn.", norm(x, m.get(p + "input_layernorm.weight"))));
            double[][] n = norm(x, m.get(p + "post_attention_layernorm.weight"));
            double[] gateUp = m.get(p + "mlp.gate_up_proj.weight");
            int f = s.intermediate();
            double[][] g = linear(n, gateUp, 0, f);
            double[][] u = linear(n, gateUp, f, f);
            for (int t = 0; t < g.length; t++) {
                for (int k = 0; k < f; k++) {
                    double z = g[t][k];
                    g[t][k] = u[t][k] * (z / (1 + Math.exp(-z)));
                }
            }
            add(x, linear(g, m.get(p + "mlp.down_proj.weight"), 0, s.hidden()));
        }
        double[][] y = norm(x, m.get("model.norm.weight"));
        return linear(y, m.get(s.tied() ? "model.embed_tokens.weight" : "lm_head.weight"), 0, s.vocab());
    }

    private double[][] attention(String p, double[][] x) {
        RandomPhi3.Shape s = m.s;
        int d = s.headDim();
        int len = x.length;
        double[] qkv = m.get(p + "qkv_proj.weight");
        double[][] q = linear(x, qkv, 0, s.heads() * d);
        double[][] k = linear(x, qkv, s.heads() * d, s.kvHeads() * d);
        double[][] v = linear(x, qkv, (s.heads() + s.kvHeads()) * d, s.kvHeads() * d);
        for (int t = 0; t < len; t++) {
            rope(q[t], s.heads(), t);
            rope(k[t], s.kvHeads(), t);
        }
        int rep = s.heads() / s.kvHeads();
        double[][] ctx = new double[len][s.heads() * d];
        for (int h = 0; h < s.heads(); h++) {
            int kvh = h / rep;
            for (int i = 0; i < len; i++) {
                int first = window > 0 ? Math.max(0, i - window + 1) : 0;
                double[] score = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = first; j <= i; j++) {
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += q[i][h * d + c] * k[j][kvh * d + c];
                    }
                    score[j] = acc / Math.sqrt(d);
                    max = Math.max(max, score[j]);
                }
                double sum = 0;
                for (int j = first; j <= i; j++) {
                    score[j] = Math.exp(score[j] - max);
                    sum += score[j];
                }
                for (int j = first; j <= i; j++) {
                    for (int c = 0; c < d; c++) {
                        ctx[i][h * d + c] += score[j] / sum * v[j][kvh * d + c];
                    }
                }
            }
        }
        return linear(ctx, m.get(p + "o_proj.weight"), 0, s.hidden());
    }

    /** Per head: dims [0, rotaryDim) rotate as q·cos + rotate_half(q)·sin, dims [rotaryDim, headDim) pass. */
    private void rope(double[] row, int heads, int pos) {
        int d = m.s.headDim();
        int half = invFreq.length;
        for (int h = 0; h < heads; h++) {
            int o = h * d;
            for (int i = 0; i < half; i++) {
                double angle = (float) ((float) pos * (float) invFreq[i]);
                double c = Math.cos(angle) * attentionFactor;
                double sn = Math.sin(angle) * attentionFactor;
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

    /** x · W[rows firstRow .. firstRow + outDim)ᵀ. */
    private static double[][] linear(double[][] x, double[] w, int firstRow, int outDim) {
        int in = x[0].length;
        double[][] out = new double[x.length][outDim];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < outDim; o++) {
                double acc = 0;
                int base = (firstRow + o) * in;
                for (int i = 0; i < in; i++) {
                    acc += x[t][i] * w[base + i];
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
