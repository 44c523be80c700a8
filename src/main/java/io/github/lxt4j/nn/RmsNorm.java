package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/** RMSNorm (LLaMA) / T5LayerNorm: {@code x / rms(x) ⊙ w}, no mean subtraction. */
public final class RmsNorm extends Module {

    private final Tensor weight;
    private final double eps;
    private final Site site;

    public RmsNorm(String path, Tensor weight, double eps) {
        super(path);
        this.weight = weight;
        this.eps = eps;
        this.site = site(OpKind.RMS_NORM, "");
    }

    public Var forward(Var x) {
        return RmsNormOp.apply(site, x, weight, eps);
    }
}
