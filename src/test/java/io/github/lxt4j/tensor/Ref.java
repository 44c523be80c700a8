package io.github.lxt4j.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * A plain-Java n-d array of doubles in row-major order: the independent reference that backend results are checked
 * against. Every operation is written from its definition, one output element at a time.
 */
final class Ref {
    final long[] shape;
    final double[] data;

    Ref(long[] shape, double[] data) {
        if (Shapes.numel(shape) != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.data = data;
    }

    static Ref of(Tensor t) {
        return new Ref(t.shape(), t.toDoubleArray());
    }

    static Ref random(Random rnd, long... shape) {
        double[] d = new double[(int) Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return new Ref(shape, d);
    }

    static Ref uniform(Random rnd, double lo, double hi, long... shape) {
        double[] d = new double[(int) Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return new Ref(shape, d);
    }

    static Ref build(long[] shape, ToDoubleFunction<int[]> f) {
        double[] d = new double[(int) Shapes.numel(shape)];
        int[] pos = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(pos);
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++pos[k] < shape[k]) {
                    break;
                }
                pos[k] = 0;
            }
        }
        return new Ref(shape, d);
    }

    Tensor on(Backend be, DType dt) {
        return be.fromDoubles(data, dt, shape);
    }

    int rank() {
        return shape.length;
    }

    double at(int... pos) {
        long off = 0;
        for (int k = 0; k < shape.length; k++) {
            off = off * shape[k] + pos[k];
        }
        return data[(int) off];
    }

    /** Value at an output position of a broadcast to a shape of rank {@code pos.length}. */
    double atBroadcast(int[] pos) {
        int lead = pos.length - shape.length;
        int[] p = new int[shape.length];
        for (int k = 0; k < shape.length; k++) {
            p[k] = shape[k] == 1 ? 0 : pos[k + lead];
        }
        return at(p);
    }

    Ref map(DoubleUnaryOperator f) {
        double[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(d[i]);
        }
        return new Ref(shape, d);
    }

    Ref zip(Ref o, DoubleBinaryOperator f) {
        return build(Shapes.broadcast(shape, o.shape), p -> f.applyAsDouble(atBroadcast(p), o.atBroadcast(p)));
    }

    static Ref where(Ref cond, Ref a, Ref b) {
        long[] s = Shapes.broadcast(Shapes.broadcast(cond.shape, a.shape), b.shape);
        return build(s, p -> cond.atBroadcast(p) != 0 ? a.atBroadcast(p) : b.atBroadcast(p));
    }

    Ref reshape(long... s) {
        return new Ref(s, data);
    }

    private static long[] without(long[] s, int axis, boolean keep) {
        if (keep) {
            long[] r = s.clone();
            r[axis] = 1;
            return r;
        }
        long[] r = new long[s.length - 1];
        for (int k = 0, j = 0; k < s.length; k++) {
            if (k != axis) {
                r[j++] = s[k];
            }
        }
        return r;
    }

    private int[] source(int[] pos, int axis, boolean keep, int i) {
        int[] p = new int[shape.length];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k == axis) {
                p[k] = i;
                if (keep) {
                    j++;
                }
            } else {
                p[k] = pos[j++];
            }
        }
        return p;
    }

    Ref sum(int axis, boolean keep) {
        return build(without(shape, axis, keep), p -> {
            double s = 0;
            for (int i = 0; i < shape[axis]; i++) {
                s += at(source(p, axis, keep, i));
            }
            return s;
        });
    }

    Ref mean(int axis, boolean keep) {
        return sum(axis, keep).map(v -> v / shape[axis]);
    }

    Ref max(int axis, boolean keep) {
        return build(without(shape, axis, keep), p -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < shape[axis]; i++) {
                double v = at(source(p, axis, keep, i));
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
                m = Math.max(m, v);
            }
            return m;
        });
    }

    /** First index of the maximum. */
    Ref argmax(int axis) {
        return build(without(shape, axis, false), p -> {
            int best = 0;
            for (int i = 1; i < shape[axis]; i++) {
                if (at(source(p, axis, false, i)) > at(source(p, axis, false, best))) {
                    best = i;
                }
            }
            return best;
        });
    }

    Ref softmax(int axis) {
        Ref m = max(axis, true);
        Ref e = zip(m, (x, y) -> Math.exp(x - y));
        return e.zip(e.sum(axis, true), (x, y) -> x / y);
    }

    /** torch.matmul, from the definition: 1-D operands are promoted and the added axis removed. */
    static Ref matmul(Ref a, Ref b) {
        Ref a2 = a.rank() == 1 ? a.reshape(1, a.shape[0]) : a;
        Ref b2 = b.rank() == 1 ? b.reshape(b.shape[0], 1) : b;
        int ra = a2.rank();
        int rb = b2.rank();
        long n = a2.shape[ra - 2];
        long k = a2.shape[ra - 1];
        long m = b2.shape[rb - 1];
        if (b2.shape[rb - 2] != k) {
            throw new IllegalArgumentException("inner dims differ");
        }
        long[] batch = Shapes.broadcast(Arrays.copyOf(a2.shape, ra - 2), Arrays.copyOf(b2.shape, rb - 2));
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = n;
        out[batch.length + 1] = m;
        Ref r = build(out, p -> {
            int[] pa = batchIndex(a2, p, batch.length);
            int[] pb = batchIndex(b2, p, batch.length);
            double s = 0;
            for (int i = 0; i < k; i++) {
                pa[ra - 2] = p[batch.length];
                pa[ra - 1] = i;
                pb[rb - 2] = i;
                pb[rb - 1] = p[batch.length + 1];
                s += a2.at(pa) * b2.at(pb);
            }
            return s;
        });
        long[] fin = out;
        if (a.rank() == 1 && b.rank() == 1) {
            fin = new long[0];
        } else if (a.rank() == 1) {
            fin = without(out, out.length - 2, false);
        } else if (b.rank() == 1) {
            fin = without(out, out.length - 1, false);
        }
        return r.reshape(fin);
    }

    private static int[] batchIndex(Ref x, int[] p, int batchRank) {
        int[] q = new int[x.rank()];
        int xb = x.rank() - 2;
        for (int k = 0; k < xb; k++) {
            q[k] = x.shape[k] == 1 ? 0 : p[batchRank - xb + k];
        }
        return q;
    }

    Ref permute(int... axes) {
        long[] out = new long[axes.length];
        for (int k = 0; k < axes.length; k++) {
            out[k] = shape[axes[k]];
        }
        return build(out, p -> {
            int[] q = new int[axes.length];
            for (int k = 0; k < axes.length; k++) {
                q[axes[k]] = p[k];
            }
            return at(q);
        });
    }

    Ref expand(long... s) {
        return build(s, this::atBroadcast);
    }

    Ref slice(int axis, long start, long end, long step) {
        long len = (end - start + step - 1) / step;
        long[] out = shape.clone();
        out[axis] = Math.max(0, len);
        return build(out, p -> {
            int[] q = p.clone();
            q[axis] = (int) (start + p[axis] * step);
            return at(q);
        });
    }

    Ref indexSelect(int axis, long[] idx) {
        long[] out = shape.clone();
        out[axis] = idx.length;
        return build(out, p -> {
            int[] q = p.clone();
            q[axis] = (int) idx[p[axis]];
            return at(q);
        });
    }

    Ref gather(int axis, Ref idx) {
        return build(idx.shape, p -> {
            int[] q = p.clone();
            q[axis] = (int) idx.at(p);
            return at(q);
        });
    }

    Ref repeatInterleave(int axis, int r) {
        long[] out = shape.clone();
        out[axis] *= r;
        return build(out, p -> {
            int[] q = p.clone();
            q[axis] = p[axis] / r;
            return at(q);
        });
    }

    /** The k largest along {@code axis}, descending: {values, indices}. */
    Ref[] topk(int axis, int k) {
        long[] out = shape.clone();
        out[axis] = k;
        Ref[] r = new Ref[2];
        for (int which = 0; which < 2; which++) {
            int w = which;
            r[which] = build(out, p -> {
                Integer[] order = new Integer[(int) shape[axis]];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(
                        order, (x, y) -> Double.compare(at(source(p, axis, true, y)), at(source(p, axis, true, x))));
                int i = order[p[axis]];
                return w == 0 ? at(source(p, axis, true, i)) : i;
            });
        }
        return r;
    }

    static Ref concat(List<Ref> parts, int axis) {
        long[] out = parts.get(0).shape.clone();
        out[axis] = 0;
        for (Ref r : parts) {
            out[axis] += r.shape[axis];
        }
        return build(out, p -> {
            int i = p[axis];
            for (Ref r : parts) {
                if (i < r.shape[axis]) {
                    int[] q = p.clone();
                    q[axis] = i;
                    return r.at(q);
                }
                i -= r.shape[axis];
            }
            throw new AssertionError();
        });
    }

    static Ref stack(List<Ref> parts, int axis) {
        long[] s = parts.get(0).shape;
        long[] out = new long[s.length + 1];
        for (int k = 0, j = 0; k < out.length; k++) {
            out[k] = k == axis ? parts.size() : s[j++];
        }
        return build(out, p -> {
            int[] q = new int[s.length];
            for (int k = 0, j = 0; k < out.length; k++) {
                if (k != axis) {
                    q[j++] = p[k];
                }
            }
            return parts.get(p[axis]).at(q);
        });
    }

    /** Naive cross-correlation: x [B,C,H,W], w [O,C,kh,kw]. */
    static Ref conv2d(Ref x, Ref w, int sh, int sw, int ph, int pw) {
        long oh = (x.shape[2] + 2L * ph - w.shape[2]) / sh + 1;
        long ow = (x.shape[3] + 2L * pw - w.shape[3]) / sw + 1;
        return build(new long[] {x.shape[0], w.shape[0], oh, ow}, p -> {
            double s = 0;
            for (int c = 0; c < x.shape[1]; c++) {
                for (int i = 0; i < w.shape[2]; i++) {
                    for (int j = 0; j < w.shape[3]; j++) {
                        int yy = p[2] * sh + i - ph;
                        int xx = p[3] * sw + j - pw;
                        if (yy >= 0 && yy < x.shape[2] && xx >= 0 && xx < x.shape[3]) {
                            s += x.at(p[0], c, yy, xx) * w.at(p[1], c, i, j);
                        }
                    }
                }
            }
            return s;
        });
    }

    /** erf to ~1e-15: Maclaurin series for |x| < 3, continued fraction of erfc beyond. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x * x / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        double f = 0;
        for (int n = 60; n >= 1; n--) {
            f = n / 2.0 / (ax + f);
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        return Math.signum(x) * (1 - erfc);
    }
}
