package io.github.lxt4j.nn;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.autograd.ops.AddOp;
import io.github.lxt4j.autograd.ops.MatMulOp;
import io.github.lxt4j.autograd.ops.PermuteOp;
import io.github.lxt4j.autograd.ops.RepeatInterleaveOp;
import io.github.lxt4j.autograd.ops.ReshapeOp;
import io.github.lxt4j.autograd.ops.ScaleOp;
import io.github.lxt4j.autograd.ops.SoftmaxOp;
import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;

/**
 * Scaled dot-product attention on projected heads, with grouped-query support. Sites: {@code qk} (q·kᵀ),
 * {@code scale}, {@code position_bias} (an additive constant such as T5's), {@code softmax} and {@code av}
 * (attention·v).
 */
public final class AttentionCore extends Module {

    private final double scaling;
    private final Site qk;
    private final Site scale;
    private final Site bias;
    private final Site softmax;
    private final Site av;

    /** @param scaling multiplier of q·kᵀ; 1 for T5, which has none */
    public AttentionCore(String path, double scaling) {
        super(path);
        this.scaling = scaling;
        this.qk = site(OpKind.MATMUL, "qk");
        this.scale = site(OpKind.SCALE, "scale");
        this.bias = site(OpKind.ADD, "position_bias");
        this.softmax = site(OpKind.SOFTMAX, "softmax");
        this.av = site(OpKind.MATMUL, "av");
    }

    /**
     * @param q [B, H, T, D]
     * @param k [B, KV, S, D] with H a multiple of KV
     * @param v [B, KV, S, D]
     * @param mask BOOL, broadcastable to [B, H, T, S], true where attending is allowed; may be null
     * @param positionBias additive constant broadcastable to [B, H, T, S]; may be null
     * @return [B, H, T, D]
     */
    public Var forward(Var q, Var k, Var v, Tensor mask, Tensor positionBias) {
        long groups = q.shape()[1] / k.shape()[1];
        Var kr = RepeatInterleaveOp.apply(k, 1, groups);
        Var vr = RepeatInterleaveOp.apply(v, 1, groups);
        // q is scaled before q·kᵀ (as torch's MultiheadAttention does): the same scores, and a [T, D] multiply
        // instead of a [T, S] one; the scale passes relevance through unchanged either way.
        Var qs = scaling != 1.0 ? ScaleOp.apply(scale, q, scaling) : q;
        Var scores = MatMulOp.apply(qk, qs, PermuteOp.transpose(kr, 2, 3));
        if (positionBias != null) {
            scores = AddOp.apply(bias, scores, positionBias);
        }
        Var weights = SoftmaxOp.apply(softmax, scores, -1, 1.0, mask);
        return MatMulOp.apply(av, weights, vr);
    }

    /** [B, T, H·D] → [B, H, T, D]. */
    public static Var splitHeads(Var x, long heads, long headDim) {
        long[] s = x.shape();
        return PermuteOp.apply(ReshapeOp.apply(x, s[0], s[1], heads, headDim), 0, 2, 1, 3);
    }

    /** [B, H, T, D] → [B, T, H·D]. */
    public static Var mergeHeads(Var x) {
        long[] s = x.shape();
        return ReshapeOp.apply(PermuteOp.apply(x, 0, 2, 1, 3), s[0], s[2], s[1] * s[3]);
    }
}
