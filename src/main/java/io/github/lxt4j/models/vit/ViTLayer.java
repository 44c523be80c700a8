package io.github.lxt4j.models.vit;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.models.WeightSource;
import io.github.lxt4j.nn.AttentionCore;
import io.github.lxt4j.nn.LayerNorm;
import io.github.lxt4j.nn.Linear;
import io.github.lxt4j.nn.Mlp;
import io.github.lxt4j.nn.Module;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;

/**
 * One pre-LN ViT layer: {@code h = x + o(attention(LN_before(x)))}, {@code out = h + fc2(act(fc1(LN_after(h))))}.
 * The checkpoint's classic names ({@code attention.attention.query}, {@code attention.output.dense},
 * {@code intermediate.dense}, {@code output.dense}) are read; the sites carry transformers 5's names, which tell the
 * attention output from the MLP's second linear: {@code attention.q_proj}, {@code k_proj}, {@code v_proj},
 * {@code o_proj}, the core's {@code qk}, {@code scale}, {@code softmax}, {@code av} under {@code attention},
 * {@code mlp.fc1}, {@code mlp.act}, {@code mlp.fc2}, {@code layernorm_before}, {@code layernorm_after}, and the
 * residual adds {@code residual_attn}, {@code residual_mlp}.
 */
final class ViTLayer extends Module {

    private final LayerNorm before;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final AttentionCore core;
    private final LayerNorm after;
    private final Mlp mlp;
    private final Site residualAttn;
    private final Site residualMlp;
    private final int heads;
    private final long headDim;

    ViTLayer(ViTConfig c, WeightSource w, int index) {
        super("vit.encoder.layer." + index);
        long d = c.hiddenSize();
        heads = c.numHeads();
        headDim = c.headDim();
        String p = path();
        before = child(norm(w, p, "layernorm_before", c));
        String attn = join(p, "attention");
        q = child(linear(w, join(attn, "attention.query"), join(attn, "q_proj"), d, d, c.qkvBias()));
        k = child(linear(w, join(attn, "attention.key"), join(attn, "k_proj"), d, d, c.qkvBias()));
        v = child(linear(w, join(attn, "attention.value"), join(attn, "v_proj"), d, d, c.qkvBias()));
        o = child(linear(w, join(attn, "output.dense"), join(attn, "o_proj"), d, d, true));
        core = child(new AttentionCore(attn, 1.0 / Math.sqrt(headDim)));
        after = child(norm(w, p, "layernorm_after", c));
        String m = join(p, "mlp");
        mlp = child(new Mlp(
                m,
                linear(w, join(p, "intermediate.dense"), join(m, "fc1"), c.intermediateSize(), d, true),
                linear(w, join(p, "output.dense"), join(m, "fc2"), d, c.intermediateSize(), true),
                c.hiddenAct()));
        residualAttn = site(OpKind.ADD, "residual_attn");
        residualMlp = site(OpKind.ADD, "residual_mlp");
    }

    static LayerNorm norm(WeightSource w, String parent, String name, ViTConfig c) {
        String p = join(parent, name);
        return new LayerNorm(
                p, w.get(p + ".weight", c.hiddenSize()), w.get(p + ".bias", c.hiddenSize()), c.layerNormEps());
    }

    /** The linear stored at {@code key}, with its site at {@code site}. */
    private static Linear linear(WeightSource w, String key, String site, long out, long in, boolean bias) {
        Linear stored = w.linear(key, out, in, bias);
        return new Linear(site, stored.weight(), stored.bias());
    }

    Var forward(Var x) {
        Var n = before.forward(x);
        Var qh = AttentionCore.splitHeads(q.forward(n), heads, headDim);
        Var kh = AttentionCore.splitHeads(k.forward(n), heads, headDim);
        Var vh = AttentionCore.splitHeads(v.forward(n), heads, headDim);
        Var h = AddOp.apply(residualAttn, o.forward(AttentionCore.mergeHeads(core.forward(qh, kh, vh, null, null))), x);
        return AddOp.apply(residualMlp, mlp.forward(after.forward(h)), h);
    }
}
