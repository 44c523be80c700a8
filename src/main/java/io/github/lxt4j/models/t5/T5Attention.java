package io.github.lxt4j.models.t5;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Tensor;

/**
 * T5 attention ({@code SelfAttention} or {@code EncDecAttention}): q, k, v, o without biases, no 1/√d scaling, and
 * an additive position bias that is a constant. Sites: the core's {@code qk}, {@code position_bias},
 * {@code softmax}, {@code av}; the projections' own paths.
 */
public final class T5Attention extends Module {

    private final T5Config cfg;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final AttentionCore core;
    private final Tensor relativeBias;

    /** @param hasRelativeBias whether this attention owns {@code relative_attention_bias.weight} (block 0) */
    T5Attention(String path, T5Config cfg, WeightSource w, boolean hasRelativeBias) {
        super(path);
        this.cfg = cfg;
        long d = cfg.dModel();
        long inner = cfg.innerDim();
        q = child(w.linear(join(path, "q"), inner, d, false));
        k = child(w.linear(join(path, "k"), inner, d, false));
        v = child(w.linear(join(path, "v"), inner, d, false));
        o = child(w.linear(join(path, "o"), d, inner, false));
        core = child(new AttentionCore(path, 1.0));
        relativeBias = hasRelativeBias
                ? w.get(join(path, "relative_attention_bias.weight"), cfg.relativeAttentionNumBuckets(), cfg.numHeads())
                : null;
    }

    /** The position bias [1, H, T, S] of this (first-layer) attention, or null if it has no table. */
    Tensor positionBias(int queries, int keys, boolean bidirectional) {
        if (relativeBias == null) {
            return null;
        }
        return RelativePositionBias.compute(
                relativeBias.backend(), relativeBias, queries, keys, bidirectional, cfg.relativeAttentionMaxDistance());
    }

    /**
     * @param x queries' hidden states [B, T, d_model]
     * @param kv keys' and values' hidden states [B, S, d_model] (x itself for self-attention)
     * @param mask BOOL broadcastable to [B, H, T, S], or null
     * @param bias additive constant broadcastable to [B, H, T, S], or null
     */
    public Var forward(Var x, Var kv, Tensor mask, Tensor bias) {
        Var qh = AttentionCore.splitHeads(q.forward(x), cfg.numHeads(), cfg.dKv());
        Var kh = AttentionCore.splitHeads(k.forward(kv), cfg.numHeads(), cfg.dKv());
        Var vh = AttentionCore.splitHeads(v.forward(kv), cfg.numHeads(), cfg.dKv());
        return o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, mask, bias)));
    }
}
