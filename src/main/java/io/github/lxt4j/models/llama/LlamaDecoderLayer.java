package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.DecoderModel;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * Pre-norm decoder layer: {@code h = x + attn(norm(x)); out = h + ffn(norm(h))}, with RMSNorms named
 * {@code input_layernorm} and {@code post_attention_layernorm} (LLaMA, Mistral, Qwen2/3, Mixtral, Qwen3-MoE, Phi-3).
 * Residual sites are ε in AttnLRP.
 */
public final class LlamaDecoderLayer extends Module implements DecoderModel.Layer<RopeContext> {

    private final RmsNorm inputNorm;
    private final SelfAttention attention;
    private final RmsNorm postNorm;
    private final FeedForward ffn;
    private final Site residualAttn;
    private final Site residualFfn;

    /** A layer with {@link LlamaAttention} and the given feed-forward. */
    public LlamaDecoderLayer(String path, LlamaConfig cfg, WeightSource w, FeedForward ffn) {
        this(path, cfg.hiddenSize(), cfg.rmsNormEps(), w, new LlamaAttention(join(path, "self_attn"), cfg, w), ffn);
    }

    /** A layer with any attention and feed-forward (modules among them become children, so composites reach them). */
    public LlamaDecoderLayer(
            String path, long hidden, double eps, WeightSource w, SelfAttention attention, FeedForward ffn) {
        super(path);
        inputNorm = child(
                new RmsNorm(join(path, "input_layernorm"), w.get(join(path, "input_layernorm.weight"), hidden), eps));
        this.attention = attention;
        if (attention instanceof Module m) {
            child(m);
        }
        postNorm = child(new RmsNorm(
                join(path, "post_attention_layernorm"),
                w.get(join(path, "post_attention_layernorm.weight"), hidden),
                eps));
        this.ffn = ffn;
        if (ffn instanceof Module m) {
            child(m);
        }
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualFfn = site(OpKind.ADD, "residual_mlp");
    }

    @Override
    public Var forward(Var x, RopeContext context) {
        Var h = AddOp.apply(residualAttn, x, attention.forward(inputNorm.forward(x), context));
        return AddOp.apply(residualFfn, h, ffn.forward(postNorm.forward(h)));
    }
}
