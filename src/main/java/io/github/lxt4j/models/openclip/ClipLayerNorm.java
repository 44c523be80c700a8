package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.LayerNormOp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/** LayerNorm over the last axis with weight and bias; its site (kind LAYER_NORM) is the module's own path. */
final class ClipLayerNorm extends Module {

    private final ClipWeights.Pair params;
    private final double eps;
    private final Site site;

    ClipLayerNorm(String path, ClipWeights.Pair params, double eps) {
        super(path);
        this.params = params;
        this.eps = eps;
        this.site = site(OpKind.LAYER_NORM, "");
    }

    Var forward(Var x) {
        return LayerNormOp.apply(site, x, params.weight(), params.bias(), eps);
    }
}
