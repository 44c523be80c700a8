package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Mlp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * OpenCLIP's {@code ResidualAttentionBlock} (HF {@code CLIPEncoderLayer}), pre-LN:
 * {@code h = x + attn(ln_1(x)); out = h + mlp(ln_2(h))}. Sub-modules are named as in OpenCLIP whatever the checkpoint
 * layout ({@code ln_1}, {@code attn}, {@code ln_2}, {@code mlp.c_fc}, {@code mlp.act}, {@code mlp.c_proj}), so
 * composites address both layouts alike. Residual sites {@code residual_attn}, {@code residual_mlp} (ADD).
 */
final class ClipBlock extends Module {

    private final ClipLayerNorm ln1;
    private final ClipAttention attn;
    private final ClipLayerNorm ln2;
    private final Mlp mlp;
    private final Site residualAttn;
    private final Site residualMlp;

    ClipBlock(
            String path,
            ClipWeights w,
            ClipWeights.Tower tower,
            int layer,
            int heads,
            long headDim,
            double eps,
            Activation act) {
        super(path);
        ln1 = child(new ClipLayerNorm(join(path, "ln_1"), w.blockNorm(tower, layer, 1), eps));
        attn = child(new ClipAttention(join(path, "attn"), w.attention(tower, layer), heads, headDim));
        ln2 = child(new ClipLayerNorm(join(path, "ln_2"), w.blockNorm(tower, layer, 2), eps));
        String mlpPath = join(path, "mlp");
        ClipWeights.Pair fc = w.mlpIn(tower, layer);
        ClipWeights.Pair proj = w.mlpOut(tower, layer);
        mlp = child(new Mlp(
                mlpPath,
                new Linear(join(mlpPath, "c_fc"), fc.weight(), fc.bias()),
                new Linear(join(mlpPath, "c_proj"), proj.weight(), proj.bias()),
                act));
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualMlp = site(OpKind.ADD, "residual_mlp");
    }

    Var forward(Var x, Tensor mask) {
        Var h = AddOp.apply(residualAttn, x, attn.forward(ln1.forward(x), mask));
        return AddOp.apply(residualMlp, h, mlp.forward(ln2.forward(h)));
    }
}
