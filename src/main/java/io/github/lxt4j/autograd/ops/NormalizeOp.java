package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * L2 normalisation along an axis, as torch's F.normalize: {@code y = x / max(‖x‖, eps)}.
 * Gradient: exact, {@code (R − y ⊙ Σ(R ⊙ y)) / ‖x‖} where {@code ‖x‖ ≥ eps}, else {@code R / eps}.
 * Identity (AttnLRP, LXT's CLIP recipe): R. Stop: none.
 */
public final class NormalizeOp extends Op.Unary {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Identity.class, Rules.Gradient.class, Rules.StopRelevance.class);

    /** torch's default. */
    public static final double DEFAULT_EPS = 1e-12;

    private final int axis;
    private final double eps;
    private Tensor norm;
    private Tensor y;

    private NormalizeOp(int axis, double eps, Tensor norm, Tensor y) {
        this.axis = axis;
        this.eps = eps;
        this.norm = norm;
        this.y = y;
    }

    public static Var apply(Site site, Var x, int axis) {
        return apply(site, x, axis, DEFAULT_EPS);
    }

    public static Var apply(Site site, Var x, int axis, double eps) {
        int a = Shapes.axis(axis, x.shape().length);
        Tensor norm = x.value().square().sum(a, true).sqrt();
        Tensor y = x.value().div(norm.clamp(eps, Double.POSITIVE_INFINITY));
        return new NormalizeOp(a, eps, norm, y).record1(site, y, x);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        // where the clamp is active the denominator is the constant eps and only g/eps remains
        Tensor proj = g.mul(y).sum(axis, true);
        Tensor active = norm.ge(eps);
        Tensor projActive = proj.where(active, proj.zerosLike());
        Tensor denom = norm.clamp(eps, Double.POSITIVE_INFINITY);
        return new Tensor[] {g.sub(y.mul(projActive)).div(denom)};
    }

    @Override
    protected void release() {
        norm = y = null;
    }
}
