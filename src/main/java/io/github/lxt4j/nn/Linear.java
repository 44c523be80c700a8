package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/** {@code y = x Wᵀ + b}; its site is the module's own path (e.g. {@code model.layers.0.mlp.down_proj}). */
public final class Linear extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final Site site;

    /** @param bias may be null */
    public Linear(String path, Tensor weight, Tensor bias) {
        super(path);
        this.weight = weight;
        this.bias = bias;
        this.site = site(OpKind.LINEAR, "");
    }

    public Var forward(Var x) {
        return LinearOp.apply(site, x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.dim(1);
    }

    public long outFeatures() {
        return weight.dim(0);
    }
}
