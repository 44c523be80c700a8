package io.github.lxt4j.models.llama;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/** Grouped-query self-attention with RoPE (LLaMA, Mistral, Qwen2, Mixtral). Sites {@code rope_q}, {@code rope_k}. */
public final class LlamaAttention extends Module implements SelfAttention {

    private final LlamaConfig cfg;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final AttentionCore core;
    private final Site ropeQ;
    private final Site ropeK;

    public LlamaAttention(String path, LlamaConfig cfg, WeightSource w) {
        super(path);
        this.cfg = cfg;
        long h = cfg.hiddenSize();
        long qDim = (long) cfg.numHeads() * cfg.headDim();
        long kvDim = (long) cfg.numKvHeads() * cfg.headDim();
        q = child(w.linear(join(path, "q_proj"), qDim, h, cfg.qkvBias()));
        k = child(w.linear(join(path, "k_proj"), kvDim, h, cfg.qkvBias()));
        v = child(w.linear(join(path, "v_proj"), kvDim, h, cfg.qkvBias()));
        o = child(w.linear(join(path, "o_proj"), h, qDim, cfg.outputBias()));
        core = child(new AttentionCore(path, 1.0 / Math.sqrt(cfg.headDim())));
        ropeQ = site(OpKind.ROPE, "rope_q");
        ropeK = site(OpKind.ROPE, "rope_k");
    }

    /** x [B, T, hidden]; the context's cos/sin are [B, 1, T, headDim], its mask BOOL [B, 1, T, T]. */
    @Override
    public Var forward(Var x, RopeContext c) {
        Var qh = AttentionCore.splitHeads(q.forward(x), cfg.numHeads(), cfg.headDim());
        Var kh = AttentionCore.splitHeads(k.forward(x), cfg.numKvHeads(), cfg.headDim());
        Var vh = AttentionCore.splitHeads(v.forward(x), cfg.numKvHeads(), cfg.headDim());
        qh = RopeOp.apply(ropeQ, qh, c.cos(), c.sin());
        kh = RopeOp.apply(ropeK, kh, c.cos(), c.sin());
        return o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, c.mask(), null)));
    }
}
