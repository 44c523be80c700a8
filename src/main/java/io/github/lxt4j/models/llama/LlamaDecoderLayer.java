package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/** Pre-norm decoder layer: {@code h = x + attn(norm(x)); out = h + ffn(norm(h))}. Residual sites are ε in AttnLRP. */
public final class LlamaDecoderLayer extends Module {

    private final RmsNorm inputNorm;
    private final LlamaAttention attention;
    private final RmsNorm postNorm;
    private final FeedForward ffn;
    private final Site residualAttn;
    private final Site residualFfn;

    public LlamaDecoderLayer(String path, LlamaConfig cfg, WeightSource w, FeedForward ffn) {
        super(path);
        long h = cfg.hiddenSize();
        inputNorm = child(new RmsNorm(join(path, "input_layernorm"),
                w.get(join(path, "input_layernorm.weight"), h), cfg.rmsNormEps()));
        attention = child(new LlamaAttention(join(path, "self_attn"), cfg, w));
        postNorm = child(new RmsNorm(join(path, "post_attention_layernorm"),
                w.get(join(path, "post_attention_layernorm.weight"), h), cfg.rmsNormEps()));
        this.ffn = ffn;
        if (ffn instanceof Module) {
            child((Module) ffn);
        }
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualFfn = site(OpKind.ADD, "residual_mlp");
    }

    public Var forward(Var x, Tensor cos, Tensor sin, Tensor mask) {
        Var h = AddOp.apply(residualAttn, x, attention.forward(inputNorm.forward(x), cos, sin, mask));
        return AddOp.apply(residualFfn, h, ffn.forward(postNorm.forward(h)));
    }
}
