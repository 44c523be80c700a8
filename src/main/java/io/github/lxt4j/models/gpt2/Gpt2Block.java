package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Mlp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * A pre-LN GPT-2 block: {@code h = x + attn(ln_1(x)); out = h + mlp(ln_2(h))}, the MLP
 * {@code c_proj(act(c_fc(x)))} without a gate. Residual sites {@code residual_attn}, {@code residual_mlp} (ε in
 * AttnLRP and CP-LRP); the context is the attention mask.
 */
final class Gpt2Block extends Module implements DecoderModel.Layer<Tensor> {

    private final LayerNorm ln1;
    private final Gpt2Attention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;
    private final Site residualAttn;
    private final Site residualMlp;

    Gpt2Block(String path, Gpt2Config cfg, int layer, WeightSource w) {
        super(path);
        long h = cfg.hiddenSize();
        ln1 = child(layerNorm(join(path, "ln_1"), cfg, w));
        attn = child(new Gpt2Attention(join(path, "attn"), cfg, layer, w));
        ln2 = child(layerNorm(join(path, "ln_2"), cfg, w));
        String mlpPath = join(path, "mlp");
        mlp = child(new Mlp(
                mlpPath,
                w.linear(join(mlpPath, "c_fc"), cfg.innerSize(), h, true),
                w.linear(join(mlpPath, "c_proj"), h, cfg.innerSize(), true),
                cfg.activation()));
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualMlp = site(OpKind.ADD, "residual_mlp");
    }

    /** GPT-2's LayerNorm at {@code path}: γ {@code path.weight}, β {@code path.bias}, eps layer_norm_epsilon. */
    static LayerNorm layerNorm(String path, Gpt2Config cfg, WeightSource w) {
        long h = cfg.hiddenSize();
        return new LayerNorm(path, w.get(join(path, "weight"), h), w.get(join(path, "bias"), h), cfg.layerNormEps());
    }

    @Override
    public Var forward(Var x, Tensor mask) {
        Var h = AddOp.apply(residualAttn, x, attn.forward(ln1.forward(x), mask));
        return AddOp.apply(residualMlp, h, mlp.forward(ln2.forward(h)));
    }
}
