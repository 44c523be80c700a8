package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * LayerNorm over the last axis: {@code y = (x − μ) ⊙ c ⊙ w + b} with {@code c = 1/sqrt(var(x) + eps)} (biased var).
 * Gradient: exact, {@code c ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂))} with {@code g = R ⊙ w}, {@code x̂ = (x − μ) c}.
 * Identity (AttnLRP): R. Epsilon (CP-LRP / LXT: identity on 1/std, ε on centring and affine part): c is a constant,
 * so y is linear in x and {@code R_x = x ⊙ (u − mean(u))}, {@code u = c ⊙ w ⊙ R/stab(y)}; the bias absorbs its
 * share. Stop: none.
 */
public final class LayerNormOp extends Op.Unary {

    private Tensor x;
    private Tensor w;
    private Tensor xhat;
    private Tensor c;
    private Tensor y;

    private LayerNormOp(Tensor x, Tensor w, Tensor xhat, Tensor c, Tensor y) {
        this.x = x;
        this.w = w;
        this.xhat = xhat;
        this.c = c;
        this.y = y;
    }

    /** @param weight [D] or null; @param bias [D] or null */
    public static Var apply(Site site, Var x, Tensor weight, Tensor bias, double eps) {
        long d = x.value().dim(-1);
        check(weight, d, "weight", site);
        check(bias, d, "bias", site);
        Tensor centred = x.value().sub(x.value().mean(-1, true));
        Tensor c = centred.square().mean(-1, true).add(eps).rsqrt();
        Tensor xhat = centred.mul(c);
        Tensor y = weight == null ? xhat : xhat.mul(weight);
        if (bias != null) {
            y = y.add(bias);
        }
        return new LayerNormOp(x.value(), weight, xhat, c, y).record1(site, y, x);
    }

    private static void check(Tensor t, long d, String what, Site site) {
        if (t != null && (t.rank() != 1 || t.dim(0) != d)) {
            throw new IllegalArgumentException("layer norm at '" + site.path() + "': " + what + " has shape "
                    + Arrays.toString(t.shape()) + ", expected [" + d + "]");
        }
    }

    @Override
    protected Tensor[] backward(Tensor r, Rule rule) {
        if (isStop(rule)) {
            return new Tensor[1];
        }
        if (rule instanceof Rules.Identity) {
            return new Tensor[] {r};
        }
        if (isGradient(rule)) {
            Tensor g = w == null ? r : r.mul(w);
            Tensor meanG = g.mean(-1, true);
            Tensor proj = g.mul(xhat).mean(-1, true);
            return new Tensor[] {c.mul(g.sub(meanG).sub(xhat.mul(proj)))};
        }
        if (rule instanceof Rules.Epsilon) {
            // Jᵀv for J = diag(c·w)(I − 11ᵀ/n): the centring matrix is symmetric, so Jᵀv = u − mean(u), u = c·w·v
            Tensor v = r.divStabilized(y, ((Rules.Epsilon) rule).epsilon(y.dtype()));
            Tensor u = w == null ? v.mul(c) : v.mul(c).mul(w);
            return new Tensor[] {x.mul(u.sub(u.mean(-1, true)))};
        }
        throw unsupported(rule, "identity, epsilon, gradient, stop");
    }

    @Override
    protected void release() {
        x = w = xhat = c = y = null;
    }
}
