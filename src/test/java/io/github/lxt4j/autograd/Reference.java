package io.github.lxt4j.autograd;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Independent forward computations in plain Java (loops over {@link Nd}), written from the textbook definitions.
 * Tests compare the ops against these; nothing here calls lxt4j code.
 */
public final class Reference {
    private Reference() {}

    /** x [..., in], w [out, in], b [out] or null → [..., out]. */
    public static Nd linear(Nd x, Nd w, Nd b) {
        int in = w.s[1];
        int out = w.s[0];
        int rows = x.size() / in;
        int[] shape = x.s.clone();
        shape[shape.length - 1] = out;
        Nd y = new Nd(shape);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = b == null ? 0 : b.d[o];
                for (int i = 0; i < in; i++) {
                    acc += x.d[r * in + i] * w.d[o * in + i];
                }
                y.d[r * out + o] = acc;
            }
        }
        return y;
    }

    /** Cross-correlation with zero padding: x [B,C,H,W], w [O,C,kh,kw], b [O] or null. */
    public static Nd conv2d(Nd x, Nd w, Nd b, int sh, int sw, int ph, int pw) {
        int bs = x.s[0];
        int c = x.s[1];
        int h = x.s[2];
        int wd = x.s[3];
        int o = w.s[0];
        int kh = w.s[2];
        int kw = w.s[3];
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (wd + 2 * pw - kw) / sw + 1;
        Nd y = new Nd(bs, o, oh, ow);
        for (int n = 0; n < bs; n++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b.d[oc];
                        for (int ic = 0; ic < c; ic++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int yy = i * sh - ph + u;
                                    int xx = j * sw - pw + v;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                        acc += x.get(n, ic, yy, xx) * w.get(oc, ic, u, v);
                                    }
                                }
                            }
                        }
                        y.set(acc, n, oc, i, j);
                    }
                }
            }
        }
        return y;
    }

    /**
     * The convolution as a dense matrix M [O·oh·ow, C·H·W] for batch size 1, so that conv(x) = M·vec(x).
     * {@code structure} = true puts 1 where a kernel tap meets a real (unpadded) pixel instead of the weight.
     */
    public static Nd convMatrix(int[] xShape, Nd w, int sh, int sw, int ph, int pw, boolean structure) {
        int c = xShape[1];
        int h = xShape[2];
        int wd = xShape[3];
        int o = w.s[0];
        int kh = w.s[2];
        int kw = w.s[3];
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (wd + 2 * pw - kw) / sw + 1;
        Nd m = new Nd(o * oh * ow, c * h * wd);
        for (int oc = 0; oc < o; oc++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int row = (oc * oh + i) * ow + j;
                    for (int ic = 0; ic < c; ic++) {
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int yy = i * sh - ph + u;
                                int xx = j * sw - pw + v;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                    int col = (ic * h + yy) * wd + xx;
                                    m.set(structure ? 1 : w.get(oc, ic, u, v), row, col);
                                }
                            }
                        }
                    }
                }
            }
        }
        return m;
    }

    /** torch.matmul for rank ≥ 2 operands whose batch axes broadcast. */
    public static Nd matmul(Nd a, Nd b) {
        int n = a.s[a.rank() - 2];
        int k = a.s[a.rank() - 1];
        int m = b.s[b.rank() - 1];
        if (b.s[b.rank() - 2] != k) {
            throw new IllegalArgumentException("inner dims differ");
        }
        int[] ab = java.util.Arrays.copyOf(a.s, a.rank() - 2);
        int[] bb = java.util.Arrays.copyOf(b.s, b.rank() - 2);
        int[] batch = Nd.broadcastShape(ab, bb);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = n;
        outShape[batch.length + 1] = m;
        Nd out = new Nd(outShape);
        Nd batchIter = new Nd(batch);
        for (int bi = 0; bi < Math.max(1, batchIter.size()); bi++) {
            int[] bidx = batch.length == 0 ? new int[0] : batchIter.unravel(bi);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double acc = 0;
                    for (int t = 0; t < k; t++) {
                        acc += a.d[batchedIndex(a, bidx, i, t)] * b.d[batchedIndex(b, bidx, t, j)];
                    }
                    int[] oi = java.util.Arrays.copyOf(bidx, bidx.length + 2);
                    oi[bidx.length] = i;
                    oi[bidx.length + 1] = j;
                    out.set(acc, oi);
                }
            }
        }
        return out;
    }

    private static int batchedIndex(Nd t, int[] bidx, int i, int j) {
        int r = t.rank();
        int lead = bidx.length - (r - 2);
        int f = 0;
        for (int d = 0; d < r - 2; d++) {
            int idx = t.s[d] == 1 ? 0 : bidx[lead + d];
            f = f * t.s[d] + idx;
        }
        f = f * t.s[r - 2] + i;
        return f * t.s[r - 1] + j;
    }

    /** Element-wise binary op with numpy broadcasting. */
    public static Nd binary(Nd a, Nd b, DoubleBinaryOperator op) {
        Nd out = new Nd(Nd.broadcastShape(a.s, b.s));
        for (int f = 0; f < out.size(); f++) {
            int[] idx = out.unravel(f);
            out.d[f] = op.applyAsDouble(a.getBroadcast(idx), b.getBroadcast(idx));
        }
        return out;
    }

    public static Nd map(Nd a, DoubleUnaryOperator op) {
        Nd out = new Nd(a.s);
        for (int i = 0; i < a.size(); i++) {
            out.d[i] = op.applyAsDouble(a.d[i]);
        }
        return out;
    }

    /** Visits the 1-D lines of {@code a} along {@code axis}: each as an array of flat indices. */
    public interface LineVisitor {
        void line(int[] flatIndices);
    }

    public static void lines(int[] shape, int axis, LineVisitor v) {
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = Nd.size(shape) / (n * inner);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int[] f = new int[n];
                for (int k = 0; k < n; k++) {
                    f[k] = (o * n + k) * inner + in;
                }
                v.line(f);
            }
        }
    }

    /** softmax(x / T) along {@code axis}; {@code mask} (1 = keep, 0 = masked) broadcasts to x or is null. */
    public static Nd softmax(Nd x, int axis, double temperature, Nd mask) {
        Nd out = new Nd(x.s);
        lines(x.s, axis, f -> {
            double max = Double.NEGATIVE_INFINITY;
            boolean[] keep = new boolean[f.length];
            for (int k = 0; k < f.length; k++) {
                keep[k] = mask == null || mask.getBroadcast(x.unravel(f[k])) != 0;
                if (keep[k]) {
                    max = Math.max(max, x.d[f[k]] / temperature);
                }
            }
            double z = 0;
            for (int k = 0; k < f.length; k++) {
                if (keep[k]) {
                    z += Math.exp(x.d[f[k]] / temperature - max);
                }
            }
            for (int k = 0; k < f.length; k++) {
                out.d[f[k]] = keep[k] ? Math.exp(x.d[f[k]] / temperature - max) / z : 0;
            }
        });
        return out;
    }

    public static Nd rmsNorm(Nd x, Nd w, double eps) {
        Nd out = new Nd(x.s);
        lines(x.s, x.rank() - 1, f -> {
            double ms = 0;
            for (int k : f) {
                ms += x.d[k] * x.d[k];
            }
            double inv = 1 / Math.sqrt(ms / f.length + eps);
            for (int k = 0; k < f.length; k++) {
                out.d[f[k]] = x.d[f[k]] * inv * (w == null ? 1 : w.d[k]);
            }
        });
        return out;
    }

    public static Nd layerNorm(Nd x, Nd w, Nd b, double eps) {
        Nd out = new Nd(x.s);
        lines(x.s, x.rank() - 1, f -> {
            double mean = 0;
            for (int k : f) {
                mean += x.d[k];
            }
            mean /= f.length;
            double var = 0;
            for (int k : f) {
                var += (x.d[k] - mean) * (x.d[k] - mean);
            }
            var /= f.length;
            double c = 1 / Math.sqrt(var + eps);
            for (int k = 0; k < f.length; k++) {
                out.d[f[k]] = (x.d[f[k]] - mean) * c * (w == null ? 1 : w.d[k]) + (b == null ? 0 : b.d[k]);
            }
        });
        return out;
    }

    public static Nd normalize(Nd x, int axis, double eps) {
        Nd out = new Nd(x.s);
        lines(x.s, axis, f -> {
            double ss = 0;
            for (int k : f) {
                ss += x.d[k] * x.d[k];
            }
            double n = Math.max(Math.sqrt(ss), eps);
            for (int k : f) {
                out.d[k] = x.d[k] / n;
            }
        });
        return out;
    }

    /** HF rotate-half RoPE: y = x·cos + rot(x)·sin with rot([x1, x2]) = [−x2, x1]; cos, sin broadcast to x. */
    public static Nd rope(Nd x, Nd cos, Nd sin) {
        Nd out = new Nd(x.s);
        int d = x.s[x.rank() - 1];
        for (int f = 0; f < x.size(); f++) {
            int[] idx = x.unravel(f);
            int j = idx[idx.length - 1];
            int[] partner = idx.clone();
            double rot;
            if (j < d / 2) {
                partner[idx.length - 1] = j + d / 2;
                rot = -x.get(partner);
            } else {
                partner[idx.length - 1] = j - d / 2;
                rot = x.get(partner);
            }
            out.d[f] = x.d[f] * cos.getBroadcast(idx) + rot * sin.getBroadcast(idx);
        }
        return out;
    }

    public static Nd reduce(Nd x, int axis, boolean keepDims, boolean mean) {
        int[] shape = x.s.clone();
        shape[axis] = 1;
        Nd out = new Nd(shape);
        int[] pos = {0};
        lines(x.s, axis, f -> {
            double s = 0;
            for (int k : f) {
                s += x.d[k];
            }
            out.d[pos[0]++] = mean ? s / f.length : s;
        });
        if (keepDims) {
            return out;
        }
        int[] squeezed = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != axis) {
                squeezed[j++] = x.s[i];
            }
        }
        return new Nd(out.d, squeezed);
    }

    // ---- activations, from their definitions ----

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** erf by its Maclaurin series; accurate to ~1e-13 for |x| ≤ 3. */
    public static double erf(double x) {
        if (Math.abs(x) > 3) {
            throw new IllegalArgumentException("test erf is only accurate on [-3, 3]");
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-18) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    public static double silu(double x) {
        return x * sigmoid(x);
    }

    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    public static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    public static double quickGelu(double x) {
        return x * sigmoid(1.702 * x);
    }

    public static double relu(double x) {
        return Math.max(x, 0);
    }
}
