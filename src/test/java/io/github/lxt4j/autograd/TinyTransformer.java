package io.github.lxt4j.autograd;

import io.github.lxt4j.autograd.ops.Activation;
import io.github.lxt4j.autograd.ops.ActivationOp;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.LinearOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.MulOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.RmsNormOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.rules.SiteProvider;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A test fixture: pre-norm transformer blocks (single-head attention without mask, gated SiLU MLP) with random
 * weights, input [T, d], site names as lxt4j's modules use them. Weights live in the scope current at construction.
 */
final class TinyTransformer implements SiteProvider {
    private final List<Site> sites = new ArrayList<>();
    private final List<Tensor[]> weights = new ArrayList<>();
    private final Site[][] layerSites;

    TinyTransformer(Backend be, DType dtype, int layers, int d, Random rnd) {
        layerSites = new Site[layers][];
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            layerSites[l] = new Site[] {
                new Site(OpKind.RMS_NORM, p + "input_layernorm"),
                new Site(OpKind.LINEAR, p + "self_attn.q_proj"),
                new Site(OpKind.LINEAR, p + "self_attn.k_proj"),
                new Site(OpKind.LINEAR, p + "self_attn.v_proj"),
                new Site(OpKind.MATMUL, p + "self_attn.qk"),
                new Site(OpKind.SCALE, p + "self_attn.scale"),
                new Site(OpKind.SOFTMAX, p + "self_attn.softmax"),
                new Site(OpKind.MATMUL, p + "self_attn.av"),
                new Site(OpKind.LINEAR, p + "self_attn.o_proj"),
                new Site(OpKind.ADD, p + "residual_attn"),
                new Site(OpKind.RMS_NORM, p + "post_attention_layernorm"),
                new Site(OpKind.LINEAR, p + "mlp.gate_proj"),
                new Site(OpKind.ACTIVATION, p + "mlp.gate_act"),
                new Site(OpKind.LINEAR, p + "mlp.up_proj"),
                new Site(OpKind.MUL, p + "mlp.gate_mul"),
                new Site(OpKind.LINEAR, p + "mlp.down_proj"),
                new Site(OpKind.ADD, p + "residual_mlp"),
            };
            sites.addAll(List.of(layerSites[l]));
            Tensor[] w = new Tensor[9];
            w[0] = Reference.map(Nd.random(rnd, d), v -> 1 + 0.2 * v).tensor(be, dtype);
            for (int i = 1; i <= 4; i++) {
                w[i] = Nd.random(rnd, d, d).tensor(be, dtype);
            }
            w[5] = Reference.map(Nd.random(rnd, d), v -> 1 + 0.2 * v).tensor(be, dtype);
            for (int i = 6; i <= 7; i++) {
                w[i] = Nd.random(rnd, 2 * d, d).tensor(be, dtype);
            }
            w[8] = Nd.random(rnd, d, 2 * d).tensor(be, dtype);
            weights.add(w);
        }
    }

    @Override
    public Iterable<Site> sites() {
        return sites;
    }

    Var block(int l, Var x) {
        Site[] s = layerSites[l];
        Tensor[] w = weights.get(l);
        Var n = RmsNormOp.apply(s[0], x, w[0], 1e-6);
        Var q = LinearOp.apply(s[1], n, w[1], null);
        Var k = LinearOp.apply(s[2], n, w[2], null);
        Var v = LinearOp.apply(s[3], n, w[3], null);
        Var scores = ScaleOp.apply(
                s[5], MatMulOp.apply(s[4], q, PermuteOp.transpose(k, -1, -2)), 1 / Math.sqrt(x.shape()[1]));
        Var attn = SoftmaxOp.apply(s[6], scores, -1);
        Var o = LinearOp.apply(s[8], MatMulOp.apply(s[7], attn, v), w[4], null);
        Var h = AddOp.apply(s[9], x, o);
        Var n2 = RmsNormOp.apply(s[10], h, w[5], 1e-6);
        Var gate = ActivationOp.apply(s[12], LinearOp.apply(s[11], n2, w[6], null), Activation.SILU);
        Var up = LinearOp.apply(s[13], n2, w[7], null);
        Var down = LinearOp.apply(s[15], MulOp.apply(s[14], gate, up), w[8], null);
        return AddOp.apply(s[16], h, down);
    }

    /** All layers; each one a checkpointed segment if {@code checkpointed}. */
    Var forward(Var x, boolean checkpointed) {
        Var h = x;
        for (int l = 0; l < layerSites.length; l++) {
            int layer = l;
            Function<Var, Var> f = v -> block(layer, v);
            h = checkpointed ? Checkpoint.run1(f, h) : f.apply(h);
        }
        return h;
    }
}
