package io.github.lxt4j.models.t5;

/**
 * An independent float64 T5 forward pass in plain loops (relu FF), for checking the model: encoder and decoder,
 * relative position buckets from block 0, no 1/√d scaling, T5LayerNorm without mean.
 */
final class T5Reference {
    private final RandomT5 m;
    private final boolean scale;
    private final String headKey;

    T5Reference(RandomT5 m, boolean scaleDecoderOutputs, String headKey) {
        this.m = m;
        this.scale = scaleDecoderOutputs;
        this.headKey = headKey;
    }

    /** Logits [T][vocab] for every decoder position. */
    double[][] logits(long[] src, long[] dec) {
        double[][] enc = stack("encoder", embed(src), null, RandomT5.ENC_LAYERS, false);
        double[][] y = stack("decoder", embed(dec), enc, RandomT5.DEC_LAYERS, true);
        double[] head = m.get(headKey);
        double[][] out = new double[y.length][RandomT5.VOCAB];
        for (int t = 0; t < y.length; t++) {
            for (int v = 0; v < RandomT5.VOCAB; v++) {
                double s = 0;
                for (int k = 0; k < RandomT5.D; k++) {
                    s += y[t][k] * (scale ? Math.pow(RandomT5.D, -0.5) : 1) * head[v * RandomT5.D + k];
                }
                out[t][v] = s;
            }
        }
        return out;
    }

    private double[][] embed(long[] ids) {
        double[] table = m.get("shared.weight");
        double[][] x = new double[ids.length][RandomT5.D];
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(table, (int) ids[t] * RandomT5.D, x[t], 0, RandomT5.D);
        }
        return x;
    }

    private double[][] stack(String name, double[][] x, double[][] enc, int layers, boolean causal) {
        int t = x.length;
        double[] table = m.get(name + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight");
        double[][][] bias = new double[RandomT5.HEADS][t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                int bucket = bucket(j - i, !causal);
                for (int h = 0; h < RandomT5.HEADS; h++) {
                    bias[h][i][j] = table[bucket * RandomT5.HEADS + h];
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            String b = name + ".block." + l + ".layer.";
            double[][] n = norm(x, m.get(b + "0.layer_norm.weight"));
            add(x, attention(b + "0.SelfAttention", n, n, bias, causal));
            String ff = b + "1";
            if (enc != null) {
                add(x, attention(b + "1.EncDecAttention", norm(x, m.get(b + "1.layer_norm.weight")), enc, null, false));
                ff = b + "2";
            }
            double[][] h = linear(
                    norm(x, m.get(ff + ".layer_norm.weight")), m.get(ff + ".DenseReluDense.wi.weight"), RandomT5.FF);
            for (double[] row : h) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = Math.max(0, row[k]);
                }
            }
            add(x, linear(h, m.get(ff + ".DenseReluDense.wo.weight"), RandomT5.D));
        }
        return norm(x, m.get(name + ".final_layer_norm.weight"));
    }

    private double[][] attention(String p, double[][] xq, double[][] xkv, double[][][] bias, boolean causal) {
        double[][] q = linear(xq, m.get(p + ".q.weight"), RandomT5.INNER);
        double[][] k = linear(xkv, m.get(p + ".k.weight"), RandomT5.INNER);
        double[][] v = linear(xkv, m.get(p + ".v.weight"), RandomT5.INNER);
        int tq = xq.length;
        int tk = xkv.length;
        double[][] ctx = new double[tq][RandomT5.INNER];
        for (int h = 0; h < RandomT5.HEADS; h++) {
            int o = h * RandomT5.DKV;
            for (int i = 0; i < tq; i++) {
                double[] s = new double[tk];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tk; j++) {
                    if (causal && j > i) {
                        s[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int d = 0; d < RandomT5.DKV; d++) {
                        dot += q[i][o + d] * k[j][o + d];
                    }
                    s[j] = dot + (bias == null ? 0 : bias[h][i][j]);
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < tk; j++) {
                    s[j] = Math.exp(s[j] - max);
                    z += s[j];
                }
                for (int j = 0; j < tk; j++) {
                    for (int d = 0; d < RandomT5.DKV; d++) {
                        ctx[i][o + d] += s[j] / z * v[j][o + d];
                    }
                }
            }
        }
        return linear(ctx, m.get(p + ".o.weight"), RandomT5.D);
    }

    /** HF's bucket rule, written independently in float64. */
    static int bucket(int rel, boolean bidirectional) {
        int nb = RandomT5.BUCKETS;
        int ret = 0;
        int n;
        if (bidirectional) {
            nb /= 2;
            ret = rel > 0 ? nb : 0;
            n = Math.abs(rel);
        } else {
            n = Math.max(-rel, 0);
        }
        int maxExact = nb / 2;
        if (n < maxExact) {
            return ret + n;
        }
        int large = maxExact
                + (int) (Math.log((double) n / maxExact)
                        / Math.log((double) RandomT5.MAX_DISTANCE / maxExact)
                        * (nb - maxExact));
        return ret + Math.min(large, nb - 1);
    }

    private static double[][] linear(double[][] x, double[] w, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[t][i] * w[o * in + i];
                }
                y[t][o] = s;
            }
        }
        return y;
    }

    private static double[][] norm(double[][] x, double[] w) {
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double ms = 0;
            for (double v : x[t]) {
                ms += v * v;
            }
            double inv = 1 / Math.sqrt(ms / x[t].length + 1e-6);
            for (int k = 0; k < x[t].length; k++) {
                y[t][k] = x[t][k] * inv * w[k];
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int k = 0; k < x[t].length; k++) {
                x[t][k] += y[t][k];
            }
        }
    }
}
