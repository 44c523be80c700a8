package io.github.lxt4j.rules;

import io.github.lxt4j.autograd.Nd;

/**
 * The linear-layer LRP rules as plain loops over one input vector x [n], W [m, n], b [m] (or null) and output
 * relevance R [m], written from the formulas of docs/rules.md and the fixtures README (zennit's definitions).
 */
final class DenseRuleFormulas {
    private DenseRuleFormulas() {}

    static double pos(double v) {
        return Math.max(v, 0);
    }

    static double neg(double v) {
        return Math.min(v, 0);
    }

    static double z(double[] x, Nd w, double[] b, int j) {
        double acc = b == null ? 0 : b[j];
        for (int i = 0; i < x.length; i++) {
            acc += w.get(j, i) * x[i];
        }
        return acc;
    }

    static double[] epsilon(double[] x, Nd w, double[] b, double[] r, double eps) {
        double[] out = new double[x.length];
        for (int j = 0; j < r.length; j++) {
            double s = r[j] / Lrp.stab(z(x, w, b, j), eps);
            for (int i = 0; i < x.length; i++) {
                out[i] += x[i] * w.get(j, i) * s;
            }
        }
        return out;
    }

    /** Fixtures README: z > 0 → (W⁺γ on x⁺, W⁻γ on x⁻, b + γb⁺); z < 0 → roles swapped, b + γb⁻; z = 0 → 0. */
    static double[] gamma(double[] x, Nd w, double[] b, double[] r, double gamma, double stab) {
        double[] out = new double[x.length];
        for (int j = 0; j < r.length; j++) {
            double zj = z(x, w, b, j);
            if (zj == 0) {
                continue;
            }
            boolean up = zj > 0;
            double[] contrib = new double[x.length];
            double denom = b == null ? 0 : b[j] + gamma * (up ? pos(b[j]) : neg(b[j]));
            for (int i = 0; i < x.length; i++) {
                double wij = w.get(j, i);
                double wPlus = wij + gamma * pos(wij);
                double wMinus = wij + gamma * neg(wij);
                contrib[i] = up ? pos(x[i]) * wPlus + neg(x[i]) * wMinus : pos(x[i]) * wMinus + neg(x[i]) * wPlus;
                denom += contrib[i];
            }
            for (int i = 0; i < x.length; i++) {
                out[i] += contrib[i] * r[j] / Lrp.stab(denom, stab);
            }
        }
        return out;
    }

    /**
     * α·(x⁺W⁺ + x⁻W⁻ share) − β·(x⁺W⁻ + x⁻W⁺ share); ZPlus is α = 1, β = 0. As in zennit, b⁺ joins the positive
     * denominator and b⁻ the negative one.
     */
    static double[] alphaBeta(double[] x, Nd w, double[] b, double[] r, double alpha, double beta, double stab) {
        double[] out = new double[x.length];
        for (int j = 0; j < r.length; j++) {
            double[] p = new double[x.length];
            double[] q = new double[x.length];
            double zp = b == null ? 0 : pos(b[j]);
            double zn = b == null ? 0 : neg(b[j]);
            for (int i = 0; i < x.length; i++) {
                double wij = w.get(j, i);
                p[i] = pos(x[i]) * pos(wij) + neg(x[i]) * neg(wij);
                q[i] = pos(x[i]) * neg(wij) + neg(x[i]) * pos(wij);
                zp += p[i];
                zn += q[i];
            }
            for (int i = 0; i < x.length; i++) {
                out[i] += alpha * p[i] * r[j] / Lrp.stab(zp, stab);
                if (beta != 0 && q[i] != 0) {
                    out[i] -= beta * q[i] * r[j] / Lrp.stab(zn, stab);
                }
            }
        }
        return out;
    }

    /**
     * Input-independent rules: R_i = Σ_j v_ji R_j / stab(Σ_i' v_ji' + c_j), with v = W² and c = b² (WSquare, as in
     * zennit), or v the 0/1 structure and c = 0 (Flat).
     */
    static double[] redistribute(Nd v, double[] c, double[] r, double stab) {
        int n = v.s[1];
        double[] out = new double[n];
        for (int j = 0; j < r.length; j++) {
            double total = c == null ? 0 : c[j];
            for (int i = 0; i < n; i++) {
                total += v.get(j, i);
            }
            for (int i = 0; i < n; i++) {
                out[i] += v.get(j, i) * r[j] / Lrp.stab(total, stab);
            }
        }
        return out;
    }

    /** z^B: contributions x·W − l·W⁺ − h·W⁻ over their sum. */
    static double[] zBox(double[] x, Nd w, double[] r, double low, double high, double stab) {
        double[] out = new double[x.length];
        for (int j = 0; j < r.length; j++) {
            double[] c = new double[x.length];
            double zj = 0;
            for (int i = 0; i < x.length; i++) {
                double wij = w.get(j, i);
                c[i] = x[i] * wij - low * pos(wij) - high * neg(wij);
                zj += c[i];
            }
            for (int i = 0; i < x.length; i++) {
                out[i] += c[i] * r[j] / Lrp.stab(zj, stab);
            }
        }
        return out;
    }

    static double[] squared(double[] b) {
        double[] s = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            s[i] = b[i] * b[i];
        }
        return s;
    }

    static Nd squared(Nd w) {
        Nd s = new Nd(w.s);
        for (int i = 0; i < w.size(); i++) {
            s.d[i] = w.d[i] * w.d[i];
        }
        return s;
    }

    static Nd ones(int m, int n) {
        Nd s = new Nd(m, n);
        java.util.Arrays.fill(s.d, 1);
        return s;
    }
}
