package io.github.lxt4j.models.gpt2;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.SliceOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.tensor.Tensor;

/**
 * GPT-2 self-attention: one projection {@code c_attn} [3H ← H] whose output is split q | k | v along the last axis,
 * multi-head attention without positions (they were added to the input) and the output projection {@code c_proj}.
 * Both projections are HF Conv1D layers with biases, loaded as linears.
 */
final class Gpt2Attention extends Module {

    private final long hidden;
    private final int heads;
    private final int headDim;
    private final Linear cAttn;
    private final Linear cProj;
    private final AttentionCore core;

    Gpt2Attention(String path, Gpt2Config cfg, int layer, WeightSource w) {
        super(path);
        hidden = cfg.hiddenSize();
        heads = cfg.numHeads();
        headDim = cfg.headDim();
        cAttn = child(w.linear(join(path, "c_attn"), 3 * hidden, hidden, true));
        cProj = child(w.linear(join(path, "c_proj"), hidden, hidden, true));
        core = child(new AttentionCore(path, cfg.attentionScaling(layer)));
    }

    /** x [B, T, H]; mask BOOL [B, 1, T, T], true where a query may attend a key. */
    Var forward(Var x, Tensor mask) {
        Var qkv = cAttn.forward(x);
        Var q = AttentionCore.splitHeads(SliceOp.apply(qkv, 2, 0, hidden), heads, headDim);
        Var k = AttentionCore.splitHeads(SliceOp.apply(qkv, 2, hidden, 2 * hidden), heads, headDim);
        Var v = AttentionCore.splitHeads(SliceOp.apply(qkv, 2, 2 * hidden, 3 * hidden), heads, headDim);
        return cProj.forward(AttentionCore.mergeHeads(core.forward(q, k, v, mask, null)));
    }
}
