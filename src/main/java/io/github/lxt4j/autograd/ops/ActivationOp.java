package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Op;
import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Rules;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * An element-wise activation {@code y = f(x)}. Gradient: {@code R ⊙ f'(x)}. Identity (AttnLRP for SiLU and GELU):
 * R. Epsilon: {@code x ⊙ f'(x) ⊙ R / stab(y)}. Stop: none.
 */
public final class ActivationOp extends Op.Unary {

    private final Activation f;
    private Tensor x;
    private Tensor y;

    private ActivationOp(Activation f, Tensor x, Tensor y) {
        this.f = f;
        this.x = x;
        this.y = y;
    }

    public static Var apply(Site site, Var x, Activation f) {
        Tensor y = f.apply(x.value());
        return new ActivationOp(f, x.value(), y).record1(site, y, x);
    }

    @Override
    public String name() {
        return f.name().toLowerCase(java.util.Locale.ROOT);
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
            return new Tensor[] {r.mul(f.derivative(x))};
        }
        if (rule instanceof Rules.Epsilon) {
            Tensor s = r.divStabilized(y, ((Rules.Epsilon) rule).epsilon(y.dtype()));
            return new Tensor[] {x.mul(f.derivative(x)).mul(s)};
        }
        throw unsupported(rule, "identity, gradient, epsilon, stop");
    }

    @Override
    protected void release() {
        x = y = null;
    }
}
