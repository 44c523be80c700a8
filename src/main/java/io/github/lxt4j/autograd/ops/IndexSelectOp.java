package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * torch.index_select: the entries {@code indices} (host-side, constant) along one axis. Relevance is scattered back
 * to where each entry came from, summed where an index repeats. When the indices are a permutation of the axis the
 * scatter is the inverse permutation (no one-hot matrix is built); MoE dispatch and combine use that form.
 */
public final class IndexSelectOp extends Structural {
    private final int axis;
    private final long n;
    private final long[] indices;
    private final long[] inverse;

    private IndexSelectOp(int axis, long n, long[] indices, long[] inverse) {
        this.axis = axis;
        this.n = n;
        this.indices = indices;
        this.inverse = inverse;
    }

    public static Var apply(Var x, int axis, long... indices) {
        int a = Shapes.axis(axis, x.shape().length);
        long n = x.shape()[a];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("index " + indices[i] + " at position " + i
                        + " is out of range for axis " + axis + " of " + Arrays.toString(x.shape()));
            }
        }
        Tensor idx = x.value().backend().fromLongs(indices.clone(), indices.length);
        return record(
                new IndexSelectOp(a, n, indices.clone(), inversePermutation(indices, n)),
                x.value().indexSelect(a, idx),
                x);
    }

    /** The inverse of {@code p} if it is a permutation of 0..n-1, else null. */
    static long[] inversePermutation(long[] p, long n) {
        if (p.length != n) {
            return null;
        }
        long[] inv = new long[p.length];
        Arrays.fill(inv, -1);
        for (int i = 0; i < p.length; i++) {
            int j = (int) p[i];
            if (inv[j] != -1) {
                return null;
            }
            inv[j] = i;
        }
        return inv;
    }

    @Override
    protected Tensor route(Tensor r) {
        if (inverse != null) {
            return r.indexSelect(axis, r.backend().fromLongs(inverse, inverse.length));
        }
        // scatter-add: move the axis to the front, multiply by the transposed one-hot matrix [n, m]
        Tensor front = r.transpose(0, axis);
        long[] fs = front.shape();
        long rest = Shapes.numel(fs) / fs[0];
        Tensor hot = r.backend()
                .fromLongs(indices, indices.length)
                .oneHot(n, r.dtype())
                .transpose(0, 1);
        Tensor summed = hot.matmul(front.reshape(fs[0], rest));
        long[] out = fs.clone();
        out[0] = n;
        return summed.reshape(out).transpose(0, axis);
    }
}
