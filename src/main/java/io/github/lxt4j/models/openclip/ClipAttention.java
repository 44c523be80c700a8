package io.github.lxt4j.models.openclip;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Tensor;

/**
 * Multi-head self-attention as in {@code nn.MultiheadAttention} / HF {@code CLIPAttention}: q, k and v projections
 * (OpenCLIP's packed {@code in_proj} split into three), scaling by 1/√head_dim, softmax, {@code out_proj}. Sites:
 * {@code PATH.q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj}, and the core's {@code qk}, {@code scale},
 * {@code softmax}, {@code av}.
 */
final class ClipAttention extends Module {

    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;
    private final AttentionCore core;
    private final int heads;
    private final long headDim;

    ClipAttention(String path, ClipWeights.Attention w, int heads, long headDim) {
        super(path);
        this.heads = heads;
        this.headDim = headDim;
        q = child(linear(path, "q_proj", w.q()));
        k = child(linear(path, "k_proj", w.k()));
        v = child(linear(path, "v_proj", w.v()));
        out = child(linear(path, "out_proj", w.out()));
        core = child(new AttentionCore(path, 1.0 / Math.sqrt(headDim)));
    }

    static Linear linear(String path, String name, ClipWeights.Pair p) {
        return new Linear(join(path, name), p.weight(), p.bias());
    }

    /** x [B, T, W]; mask BOOL broadcastable to [B, H, T, T] (true = attend), or null. */
    Var forward(Var x, Tensor mask) {
        Var qh = AttentionCore.splitHeads(q.forward(x), heads, headDim);
        Var kh = AttentionCore.splitHeads(k.forward(x), heads, headDim);
        Var vh = AttentionCore.splitHeads(v.forward(x), heads, headDim);
        return out.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, mask, null)));
    }
}
