package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TopK;

/**
 * torch.gather along an axis with constant INT64 indices; relevance is scattered back (summed where an entry was
 * picked twice). Top-k is top-k indices (no relevance to the selection itself) followed by this gather.
 */
public final class GatherOp extends Structural {
    private final int axis;
    private final long n;
    private Tensor indices;

    private GatherOp(int axis, long n, Tensor indices) {
        this.axis = axis;
        this.n = n;
        this.indices = indices;
    }

    public static Var apply(Var x, int axis, Tensor indices) {
        int a = Shapes.axis(axis, x.shape().length);
        return record(new GatherOp(a, x.shape()[a], indices), x.value().gather(a, indices), x);
    }

    /** The k largest entries along {@code axis} as a Var, and their indices. */
    public static Result topk(Var x, int k, int axis) {
        TopK t = x.value().topk(k, axis);
        return new Result(apply(x, axis, t.indices()), t.indices());
    }

    /** Values and INT64 indices of a top-k. */
    public record Result(Var values, Tensor indices) {}

    @Override
    protected Tensor route(Tensor r) {
        int last = r.rank() - 1;
        Tensor rr = r.transpose(axis, last);
        Tensor idx = indices.transpose(axis, last);
        Tensor hot = idx.oneHot(n, r.dtype()); // [..., k, n]
        Tensor scattered = rr.unsqueeze(-1).mul(hot).sum(-2, false); // [..., n]
        return scattered.transpose(axis, last);
    }

    @Override
    protected void release() {
        indices = null;
    }
}
