package io.github.lxt4j.models.t5;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.FeedForward;
import io.github.lxt4j.nn.GatedMlp;
import io.github.lxt4j.nn.Mlp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * One T5 block, pre-norm: {@code h = x + SelfAttention(norm(x))}; in the decoder also
 * {@code h = h + EncDecAttention(norm(h), encoder)}; then {@code h + DenseReluDense(norm(h))}. HF's layout:
 * {@code layer.0} self-attention, {@code layer.1} cross-attention (decoder) and the last layer the feed-forward.
 * Residual sites {@code layer.N.residual} are ε in AttnLRP.
 */
public final class T5Block extends Module {

    private final RmsNorm selfNorm;
    private final T5Attention selfAttention;
    private final Site selfResidual;
    private final RmsNorm crossNorm;
    private final T5Attention crossAttention;
    private final Site crossResidual;
    private final RmsNorm ffNorm;
    private final FeedForward ff;
    private final Site ffResidual;

    T5Block(String path, T5Config cfg, WeightSource w, boolean decoder, boolean first) {
        super(path);
        long d = cfg.dModel();
        double eps = cfg.layerNormEpsilon();
        String l0 = join(path, "layer.0");
        selfNorm = child(new RmsNorm(join(l0, "layer_norm"), w.get(join(l0, "layer_norm.weight"), d), eps));
        selfAttention = child(new T5Attention(join(l0, "SelfAttention"), cfg, w, first));
        selfResidual = site(OpKind.ADD, "layer.0.residual");
        String ffLayer;
        if (decoder) {
            String l1 = join(path, "layer.1");
            crossNorm = child(new RmsNorm(join(l1, "layer_norm"), w.get(join(l1, "layer_norm.weight"), d), eps));
            crossAttention = child(new T5Attention(join(l1, "EncDecAttention"), cfg, w, false));
            crossResidual = site(OpKind.ADD, "layer.1.residual");
            ffLayer = "layer.2";
        } else {
            crossNorm = null;
            crossAttention = null;
            crossResidual = null;
            ffLayer = "layer.1";
        }
        String lf = join(path, ffLayer);
        ffNorm = child(new RmsNorm(join(lf, "layer_norm"), w.get(join(lf, "layer_norm.weight"), d), eps));
        ff = feedForward(join(lf, "DenseReluDense"), cfg, w);
        child((Module) ff);
        ffResidual = site(OpKind.ADD, ffLayer + ".residual");
    }

    private static FeedForward feedForward(String path, T5Config cfg, WeightSource w) {
        long d = cfg.dModel();
        long f = cfg.dFf();
        if (cfg.gated()) {
            return new GatedMlp(
                    path,
                    w.linear(join(path, "wi_0"), f, d, false),
                    w.linear(join(path, "wi_1"), f, d, false),
                    w.linear(join(path, "wo"), d, f, false),
                    cfg.activation());
        }
        return new Mlp(
                path,
                w.linear(join(path, "wi"), f, d, false),
                w.linear(join(path, "wo"), d, f, false),
                cfg.activation());
    }

    T5Attention selfAttention() {
        return selfAttention;
    }

    /**
     * @param selfMask BOOL mask of the self-attention, or null
     * @param selfBias the stack's relative position bias (a constant), or null
     * @param encoder the encoder output (decoder blocks only)
     * @param crossMask BOOL mask over the encoder positions, or null
     */
    Var forward(Var x, Tensor selfMask, Tensor selfBias, Var encoder, Tensor crossMask) {
        Var normed = selfNorm.forward(x);
        Var h = AddOp.apply(selfResidual, x, selfAttention.forward(normed, normed, selfMask, selfBias));
        if (crossAttention != null) {
            Var n = crossNorm.forward(h);
            h = AddOp.apply(crossResidual, h, crossAttention.forward(n, encoder, crossMask, null));
        }
        return AddOp.apply(ffResidual, h, ff.forward(ffNorm.forward(h)));
    }
}
