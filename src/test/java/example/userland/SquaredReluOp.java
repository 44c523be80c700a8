package example.userland;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import java.util.Set;

/**
 * An op written outside lxt4j: squared ReLU, {@code y = max(x, 0)²}. Gradient: {@code R ⊙ 2·max(x, 0)}. Identity:
 * R. Epsilon: generic, {@code x ⊙ 2·max(x, 0) ⊙ R / stab(y)}. It also has maths for {@link HalfRule}.
 */
public final class SquaredReluOp extends Op.Unary implements HalfRule.Halves {

    private static final Set<Class<? extends Rule>> RULES =
            rules(Rules.Gradient.class, Rules.Epsilon.class, Rules.Identity.class, Rules.StopRelevance.class);

    private Tensor x;

    private SquaredReluOp(Tensor x) {
        this.x = x;
    }

    public static Var apply(Site site, Var x) {
        Tensor y = x.value().relu().square();
        return new SquaredReluOp(x.value()).record1(site, y, x);
    }

    @Override
    protected Set<Class<? extends Rule>> rules() {
        return RULES;
    }

    @Override
    protected Tensor[] vjp(Tensor g) {
        return new Tensor[] {g.mul(x.relu().mul(2))};
    }

    @Override
    public Tensor[] half(Tensor r) {
        return new Tensor[] {r.mul(0.5)};
    }

    @Override
    protected void release() {
        x = null;
    }
}
