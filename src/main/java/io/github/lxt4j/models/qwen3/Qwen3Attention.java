package io.github.lxt4j.models.qwen3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.llama.LlamaConfig;
import io.github.lxt4j.models.llama.RopeContext;
import io.github.lxt4j.models.llama.SelfAttention;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;

/**
 * Qwen3's grouped-query attention: LLaMA's, with an RMSNorm over {@code head_dim} on each query and key head
 * ({@code q_norm}, {@code k_norm}, weights [head_dim]) before RoPE, and, in sliding layers, a window on top of the
 * causal and padding mask. Sites: {@code q_norm}, {@code k_norm} (RMS_NORM: identity in AttnLRP, as LXT's
 * {@code rms_norm_forward}), {@code rope_q}, {@code rope_k} and the core's.
 */
public final class Qwen3Attention extends Module implements SelfAttention {

    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final long window;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final RmsNorm qNorm;
    private final RmsNorm kNorm;
    private final AttentionCore core;
    private final Site ropeQ;
    private final Site ropeK;

    /** @param window this layer's sliding window, or ≤ 0 for full attention */
    public Qwen3Attention(String path, LlamaConfig cfg, long window, WeightSource w) {
        super(path);
        this.heads = cfg.numHeads();
        this.kvHeads = cfg.numKvHeads();
        this.headDim = cfg.headDim();
        this.window = window;
        long h = cfg.hiddenSize();
        long qDim = (long) heads * headDim;
        long kvDim = (long) kvHeads * headDim;
        q = child(w.linear(join(path, "q_proj"), qDim, h, cfg.qkvBias()));
        k = child(w.linear(join(path, "k_proj"), kvDim, h, cfg.qkvBias()));
        v = child(w.linear(join(path, "v_proj"), kvDim, h, cfg.qkvBias()));
        o = child(w.linear(join(path, "o_proj"), h, qDim, cfg.outputBias()));
        qNorm = child(new RmsNorm(join(path, "q_norm"), w.get(join(path, "q_norm.weight"), headDim), cfg.rmsNormEps()));
        kNorm = child(new RmsNorm(join(path, "k_norm"), w.get(join(path, "k_norm.weight"), headDim), cfg.rmsNormEps()));
        core = child(new AttentionCore(path, 1.0 / Math.sqrt(headDim)));
        ropeQ = site(OpKind.ROPE, "rope_q");
        ropeK = site(OpKind.ROPE, "rope_k");
    }

    /** The sliding window of this layer, or −1 for full attention. */
    public long window() {
        return window > 0 ? window : -1;
    }

    /** x [B, T, hidden]; the context's cos/sin are [B, 1, T, headDim], its mask BOOL [B, 1, T, T]. */
    @Override
    public Var forward(Var x, RopeContext c) {
        Var qh = qNorm.forward(AttentionCore.splitHeads(q.forward(x), heads, headDim));
        Var kh = kNorm.forward(AttentionCore.splitHeads(k.forward(x), kvHeads, headDim));
        Var vh = AttentionCore.splitHeads(v.forward(x), kvHeads, headDim);
        qh = RopeOp.apply(ropeQ, qh, c.cos(), c.sin());
        kh = RopeOp.apply(ropeK, kh, c.cos(), c.sin());
        Tensor mask = window > 0 ? slide(c.mask()) : c.mask();
        return o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, mask, null)));
    }

    /** {@code mask} [B, 1, T, T] and i − j &lt; window (HF's sliding window, by index as its mask builds it). */
    private Tensor slide(Tensor mask) {
        long len = mask.dim(-1);
        Tensor index = mask.backend().arange(len, DType.FLOAT32);
        Tensor distance = index.reshape(len, 1).sub(index.reshape(1, len));
        return mask.logicalAnd(distance.lt(window));
    }
}
