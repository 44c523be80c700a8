package io.github.lxt4j.models.bert;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Mlp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * One post-LN encoder layer of BERT (and RoBERTa, DistilBERT):
 * {@code h = LN₁(x + o(attention(q(x), k(x), v(x))))}, {@code out = LN₂(h + fc₂(act(fc₁(h))))}. Bidirectional
 * attention scaled by 1/√head_dim; the mask hides padded keys only. Sites carry the checkpoint's names (BERT:
 * {@code attention.self.query}, ..., {@code attention.output.dense}, {@code intermediate.dense},
 * {@code output.dense}; DistilBERT: {@code attention.q_lin}, ..., {@code ffn.lin1}), the core's {@code qk},
 * {@code scale}, {@code softmax}, {@code av} under the self-attention, {@code act} on the activation and the residual
 * adds {@code residual_attn}, {@code residual_ffn} (ADD) under the layer.
 */
final class BertLayer extends Module {

    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final AttentionCore core;
    private final LayerNorm norm1;
    private final Mlp mlp;
    private final LayerNorm norm2;
    private final Site residualAttn;
    private final Site residualFfn;
    private final int heads;
    private final long headDim;

    BertLayer(BertWeights w, int index) {
        super(w.base(w.config().variant().layer(index)));
        BertConfig c = w.config();
        BertVariant variant = c.variant();
        long h = c.hiddenSize();
        heads = c.numHeads();
        headDim = c.headDim();
        String[] attn = variant.attentionNames();
        q = child(w.linear(join(path(), attn[0]), h, h));
        k = child(w.linear(join(path(), attn[1]), h, h));
        v = child(w.linear(join(path(), attn[2]), h, h));
        o = child(w.linear(join(path(), attn[3]), h, h));
        core = child(new AttentionCore(join(path(), variant.attentionCore()), 1.0 / Math.sqrt(headDim)));
        String[] norms = variant.normNames();
        norm1 = child(w.layerNorm(join(path(), norms[0]), c.layerNormEps()));
        String[] ffn = variant.feedForwardNames();
        mlp = child(new Mlp(
                path(),
                w.linear(join(path(), ffn[0]), c.intermediateSize(), h),
                w.linear(join(path(), ffn[1]), h, c.intermediateSize()),
                c.hiddenAct()));
        norm2 = child(w.layerNorm(join(path(), norms[1]), c.layerNormEps()));
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualFfn = site(OpKind.ADD, "residual_ffn");
    }

    /** x [B, T, H]; mask BOOL [B, 1, 1, T] (true at real keys) or null. */
    Var forward(Var x, Tensor mask) {
        Var qh = AttentionCore.splitHeads(q.forward(x), heads, headDim);
        Var kh = AttentionCore.splitHeads(k.forward(x), heads, headDim);
        Var vh = AttentionCore.splitHeads(v.forward(x), heads, headDim);
        Var attn = o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, mask, null)));
        Var h = norm1.forward(AddOp.apply(residualAttn, attn, x));
        return norm2.forward(AddOp.apply(residualFfn, mlp.forward(h), h));
    }
}
