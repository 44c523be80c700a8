package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * LayerNorm over the last axis: {@code y = (x − μ) ⊙ c ⊙ w + b} with {@code c = 1/sqrt(var(x) + eps)} (biased var).
 * Gradient: exact, {@code c ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂))} with {@code g = R ⊙ w}, {@code x̂ = (x − μ) c}.
 * Identity (AttnLRP): R. Epsilon (CP-LRP / LXT: identity on 1/std, ε on centring and affine part): c is a constant,
 * so y is linear in x and {@code R_x = x ⊙ (u − mean(u))}, {@code u = c ⊙ w ⊙ R/stab(y)}; the bias absorbs its
 * share. Stop: none.
 */
public final class LayerNormOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Identity.class, Rules.Epsilon.class, Rules.Gradient.class, Rules.StopRelevance.class);

    private Tensor w;
    private Tensor xhat;
    private Tensor c;

    private LayerNormOp(Tensor w, Tensor xhat, Tensor c) {
        this.w = w;
        this.xhat = xhat;
        this.c = c;
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
        return new LayerNormOp(weight, xhat, c).record1(site, y, x);
    }

    private static void check(Tensor t, long d, String what, Site site) {
        if (t != null && (t.rank() != 1 || t.dim(0) != d)) {
            throw new IllegalArgumentException("layer norm at '" + site.path() + "': " + what + " has shape "
                    + Arrays.toString(t.shape()) + ", expected [" + d + "]");
        }
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        Tensor h = w == null ? g : g.mul(w);
        Tensor meanH = h.mean(-1, true);
        Tensor proj = h.mul(xhat).mean(-1, true);
        return new Tensor[] {c.mul(h.sub(meanH).sub(xhat.mul(proj)))};
    }

    /**
     * c held constant (CP-LRP / LXT): Jᵀg for J = diag(c·w)(I − 11ᵀ/n). The centring matrix is symmetric, so
     * Jᵀg = u − mean(u) with u = c·w·g.
     */
    @Override
    protected Tensor[] epsilonVjp(Tensor g) {
        Tensor u = w == null ? g.mul(c) : g.mul(c).mulInPlace(w);
        return new Tensor[] {u.sub(u.mean(-1, true))};
    }

    @Override
    protected void release() {
        w = xhat = c = null;
    }
}
