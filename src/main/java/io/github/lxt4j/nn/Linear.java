package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.storage.DenseWeight;
import io.github.lxt4j.tensor.storage.StoredWeight;

/**
 * {@code y = x Wᵀ + b}; its site is the module's own path (e.g. {@code model.layers.0.mlp.down_proj}). The weight is
 * kept in its storage form and widened to x's dtype inside each use ({@link LinearOp}).
 */
public final class Linear extends Module {

    private final StoredWeight weight;
    private final Tensor bias;
    private final Site site;

    /** A dense weight [out, in]. @param bias may be null */
    public Linear(String path, Tensor weight, Tensor bias) {
        this(path, new DenseWeight(join(path, "weight"), weight), bias);
    }

    /** @param weight [out, in] in any storage form; @param bias may be null */
    public Linear(String path, StoredWeight weight, Tensor bias) {
        super(path);
        this.weight = weight;
        this.bias = bias;
        this.site = site(OpKind.LINEAR, "");
    }

    public Var forward(Var x) {
        return LinearOp.apply(site, x, weight, bias);
    }

    /** The weight in its storage form ({@link DenseWeight#tensor()} when dense). */
    public StoredWeight weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.shape()[1];
    }

    public long outFeatures() {
        return weight.shape()[0];
    }
}
