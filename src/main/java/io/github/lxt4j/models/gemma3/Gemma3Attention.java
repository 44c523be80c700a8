package io.github.lxt4j.models.gemma3;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.RopeOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.models.llama.RopeContext;
import io.github.lxt4j.models.llama.SelfAttention;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.nn.RmsNorm;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * Gemma 3 self-attention: q/k/v projections (GQA, {@code head_dim} from the config), {@code q_norm} and
 * {@code k_norm} (Gemma3RMSNorm over each head) before RoPE, scores scaled by {@code query_pre_attn_scalar}^−½.
 * Whether it slides is the mask's business ({@link Gemma3Context}). Sites {@code rope_q}, {@code rope_k}, and
 * {@link AttentionCore}'s.
 */
final class Gemma3Attention extends Module implements SelfAttention {

    private final Gemma3Config cfg;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final RmsNorm qNorm;
    private final RmsNorm kNorm;
    private final AttentionCore core;
    private final Site ropeQ;
    private final Site ropeK;

    Gemma3Attention(String path, Gemma3Config cfg, WeightSource w) {
        super(path);
        this.cfg = cfg;
        long h = cfg.hiddenSize();
        long qDim = (long) cfg.numHeads() * cfg.headDim();
        long kvDim = (long) cfg.numKvHeads() * cfg.headDim();
        boolean bias = cfg.attentionBias();
        q = child(w.linear(join(path, "q_proj"), qDim, h, bias));
        k = child(w.linear(join(path, "k_proj"), kvDim, h, bias));
        v = child(w.linear(join(path, "v_proj"), kvDim, h, bias));
        o = child(w.linear(join(path, "o_proj"), h, qDim, bias));
        qNorm = child(Gemma3Norm.load(join(path, "q_norm"), cfg.headDim(), cfg.rmsNormEps(), w));
        kNorm = child(Gemma3Norm.load(join(path, "k_norm"), cfg.headDim(), cfg.rmsNormEps(), w));
        core = child(new AttentionCore(path, 1.0 / Math.sqrt(cfg.queryPreAttnScalar())));
        ropeQ = site(OpKind.ROPE, "rope_q");
        ropeK = site(OpKind.ROPE, "rope_k");
    }

    /** x [B, T, hidden]; the context's cos/sin are [B, 1, T, headDim], its mask BOOL [B, 1, T, T]. */
    @Override
    public Var forward(Var x, RopeContext c) {
        Var qh = qNorm.forward(AttentionCore.splitHeads(q.forward(x), cfg.numHeads(), cfg.headDim()));
        Var kh = kNorm.forward(AttentionCore.splitHeads(k.forward(x), cfg.numKvHeads(), cfg.headDim()));
        Var vh = AttentionCore.splitHeads(v.forward(x), cfg.numKvHeads(), cfg.headDim());
        qh = RopeOp.apply(ropeQ, qh, c.cos(), c.sin());
        kh = RopeOp.apply(ropeK, kh, c.cos(), c.sin());
        return o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, c.mask(), null)));
    }
}
