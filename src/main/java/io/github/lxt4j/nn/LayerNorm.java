package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.LayerNormOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * LayerNorm over the last axis, {@code (x − mean) / sqrt(var + eps) ⊙ γ + β} (torch's {@code nn.LayerNorm}: GPT-2,
 * BERT, ViT). Its site (kind LAYER_NORM) is the module's own path; the rules are {@link LayerNormOp}'s.
 */
public final class LayerNorm extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final double eps;
    private final Site site;

    /** @param weight γ [D] or null; @param bias β [D] or null */
    public LayerNorm(String path, Tensor weight, Tensor bias, double eps) {
        super(path);
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
        this.site = site(OpKind.LAYER_NORM, "");
    }

    public Var forward(Var x) {
        return LayerNormOp.apply(site, x, weight, bias, eps);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
