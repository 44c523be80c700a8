package io.github.lxt4j.models.phi3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.ConcatOp;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.RopeContext;
import io.github.lxt4j.models.llama.SelfAttention;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import java.util.List;

/**
 * Phi-3 grouped-query attention: one fused {@code qkv_proj} [(heads + 2·kvHeads)·headDim, hidden] whose output
 * columns are q | k | v, then LLaMA's attention. The fused weight stays one linear in its storage form (quantized as
 * bitsandbytes quantizes the fused layer); the ε rule on it equals ε on its three row blocks. With a partial rotary
 * dimension only the first {@code rotaryDim} dims of each head rotate. Sites {@code rope_q}, {@code rope_k}.
 */
public final class Phi3Attention extends Module implements SelfAttention {

    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int rotaryDim;
    private final Linear qkv;
    private final Linear o;
    private final AttentionCore core;
    private final Site ropeQ;
    private final Site ropeK;

    public Phi3Attention(String path, LlamaConfig cfg, int rotaryDim, WeightSource w) {
        super(path);
        this.heads = cfg.numHeads();
        this.kvHeads = cfg.numKvHeads();
        this.headDim = cfg.headDim();
        this.rotaryDim = rotaryDim;
        long qDim = (long) heads * headDim;
        long kvDim = (long) kvHeads * headDim;
        qkv = child(w.linear(join(path, "qkv_proj"), qDim + 2 * kvDim, cfg.hiddenSize(), false));
        o = child(w.linear(join(path, "o_proj"), cfg.hiddenSize(), qDim, false));
        core = child(new AttentionCore(path, 1.0 / Math.sqrt(headDim)));
        ropeQ = site(OpKind.ROPE, "rope_q");
        ropeK = site(OpKind.ROPE, "rope_k");
    }

    /** x [B, T, hidden]; the context's cos/sin are [B, 1, T, rotaryDim], its mask BOOL [B, 1, T, T]. */
    @Override
    public Var forward(Var x, RopeContext c) {
        Var fused = qkv.forward(x);
        long qDim = (long) heads * headDim;
        long kvDim = (long) kvHeads * headDim;
        Var qh = AttentionCore.splitHeads(SliceOp.apply(fused, -1, 0, qDim), heads, headDim);
        Var kh = AttentionCore.splitHeads(SliceOp.apply(fused, -1, qDim, qDim + kvDim), kvHeads, headDim);
        Var vh = AttentionCore.splitHeads(SliceOp.apply(fused, -1, qDim + kvDim, qDim + 2 * kvDim), kvHeads, headDim);
        qh = rotate(ropeQ, qh, c);
        kh = rotate(ropeK, kh, c);
        return o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, c.mask(), null)));
    }

    private Var rotate(Site site, Var x, RopeContext c) {
        if (rotaryDim == headDim) {
            return RopeOp.apply(site, x, c.cos(), c.sin());
        }
        Var rotated = RopeOp.apply(site, SliceOp.apply(x, -1, 0, rotaryDim), c.cos(), c.sin());
        return ConcatOp.apply(List.of(rotated, SliceOp.apply(x, -1, rotaryDim, headDim)), -1);
    }
}
