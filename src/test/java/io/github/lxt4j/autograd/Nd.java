package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** A plain-Java row-major array for reference computations in tests: no backend code involved. */
public final class Nd {
    public final double[] d;
    public final int[] s;

    public Nd(int... shape) {
        this.s = shape.clone();
        this.d = new double[size(shape)];
    }

    public Nd(double[] data, int... shape) {
        if (data.length != size(shape)) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
        this.s = shape.clone();
        this.d = data.clone();
    }

    public static int size(int[] shape) {
        int n = 1;
        for (int v : shape) {
            n *= v;
        }
        return n;
    }

    /** Uniform in [-1, 1), rounded to float32 so that float32 and float64 runs see the same inputs. */
    public static Nd random(Random rnd, int... shape) {
        Nd a = new Nd(shape);
        for (int i = 0; i < a.d.length; i++) {
            a.d[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Random values with |v| ≥ 0.1, away from kinks at zero. */
    public static Nd randomAwayFromZero(Random rnd, int... shape) {
        Nd a = new Nd(shape);
        for (int i = 0; i < a.d.length; i++) {
            double v = 0.1 + rnd.nextDouble() * 0.9;
            a.d[i] = (float) (rnd.nextBoolean() ? v : -v);
        }
        return a;
    }

    public static Nd of(Tensor t) {
        long[] ls = t.shape();
        int[] shape = new int[ls.length];
        for (int i = 0; i < ls.length; i++) {
            shape[i] = (int) ls[i];
        }
        return new Nd(t.toDoubleArray(), shape);
    }

    public Tensor tensor(Backend be, DType dtype) {
        long[] ls = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            ls[i] = s[i];
        }
        return be.fromDoubles(d, dtype, ls);
    }

    public long[] longShape() {
        long[] ls = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            ls[i] = s[i];
        }
        return ls;
    }

    public int size() {
        return d.length;
    }

    public int rank() {
        return s.length;
    }

    public int flat(int... idx) {
        int f = 0;
        for (int i = 0; i < s.length; i++) {
            if (idx[i] < 0 || idx[i] >= s[i]) {
                throw new IndexOutOfBoundsException(Arrays.toString(idx) + " in " + Arrays.toString(s));
            }
            f = f * s[i] + idx[i];
        }
        return f;
    }

    public int[] unravel(int flat) {
        int[] idx = new int[s.length];
        for (int i = s.length - 1; i >= 0; i--) {
            idx[i] = flat % s[i];
            flat /= s[i];
        }
        return idx;
    }

    public double get(int... idx) {
        return d[flat(idx)];
    }

    public void set(double v, int... idx) {
        d[flat(idx)] = v;
    }

    /** The entry of this (broadcast) operand that feeds output index {@code outIdx}, numpy rules. */
    public double getBroadcast(int[] outIdx) {
        int lead = outIdx.length - s.length;
        int f = 0;
        for (int i = 0; i < s.length; i++) {
            int j = s[i] == 1 ? 0 : outIdx[lead + i];
            f = f * s[i] + j;
        }
        return d[f];
    }

    public double sum() {
        double t = 0;
        for (double v : d) {
            t += v;
        }
        return t;
    }

    public double maxAbs() {
        double m = 0;
        for (double v : d) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public Nd copy() {
        return new Nd(d, s);
    }

    public static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            out[i] = Math.max(da, db);
        }
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(s) + Arrays.toString(d);
    }
}
