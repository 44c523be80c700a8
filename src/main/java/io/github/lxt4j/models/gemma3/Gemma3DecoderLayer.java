package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * Gemma 3's sandwich layer: {@code h = x + post_attention_layernorm(attn(input_layernorm(x)))};
 * {@code out = h + post_feedforward_layernorm(mlp(pre_feedforward_layernorm(h)))}, with the GELU-tanh gated MLP.
 * Residual sites are ε in AttnLRP.
 */
final class Gemma3DecoderLayer extends Module implements DecoderModel.Layer<Gemma3Context> {

    private final LayerType type;
    private final RmsNorm inputNorm;
    private final Gemma3Attention attention;
    private final RmsNorm postAttentionNorm;
    private final RmsNorm preFeedForwardNorm;
    private final GatedMlp mlp;
    private final RmsNorm postFeedForwardNorm;
    private final Site residualAttn;
    private final Site residualMlp;

    Gemma3DecoderLayer(String path, int index, Gemma3Config cfg, WeightSource w) {
        super(path);
        this.type = cfg.layerTypes().get(index);
        long h = cfg.hiddenSize();
        long f = cfg.intermediateSize();
        double eps = cfg.rmsNormEps();
        inputNorm = child(Gemma3Norm.load(join(path, "input_layernorm"), h, eps, w));
        attention = child(new Gemma3Attention(join(path, "self_attn"), cfg, w));
        postAttentionNorm = child(Gemma3Norm.load(join(path, "post_attention_layernorm"), h, eps, w));
        preFeedForwardNorm = child(Gemma3Norm.load(join(path, "pre_feedforward_layernorm"), h, eps, w));
        String mlpPath = join(path, "mlp");
        Linear gate = w.linear(join(mlpPath, "gate_proj"), f, h, false);
        Linear up = w.linear(join(mlpPath, "up_proj"), f, h, false);
        Linear down = w.linear(join(mlpPath, "down_proj"), h, f, false);
        mlp = child(new GatedMlp(mlpPath, gate, up, down, cfg.hiddenActivation()));
        postFeedForwardNorm = child(Gemma3Norm.load(join(path, "post_feedforward_layernorm"), h, eps, w));
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualMlp = site(OpKind.ADD, "residual_mlp");
    }

    LayerType type() {
        return type;
    }

    @Override
    public Var forward(Var x, Gemma3Context context) {
        Var a = attention.forward(inputNorm.forward(x), context.of(type));
        Var h = AddOp.apply(residualAttn, x, postAttentionNorm.forward(a));
        Var m = mlp.forward(preFeedForwardNorm.forward(h));
        return AddOp.apply(residualMlp, h, postFeedForwardNorm.forward(m));
    }
}
