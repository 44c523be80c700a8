package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;

/** Axis permutation (and transpose); relevance is permuted back with the inverse permutation. */
public final class PermuteOp extends Structural {
    private final int[] inverse;

    private PermuteOp(int[] axes) {
        inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[axes[i]] = i;
        }
    }

    public static Var apply(Var x, int... axes) {
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = Shapes.axis(axes[i], x.shape().length);
        }
        return record(new PermuteOp(norm), x.value().permute(norm), x);
    }

    public static Var transpose(Var x, int a, int b) {
        int rank = x.shape().length;
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        int aa = Shapes.axis(a, rank);
        int bb = Shapes.axis(b, rank);
        axes[aa] = bb;
        axes[bb] = aa;
        return apply(x, axes);
    }

    @Override
    protected Tensor route(Tensor r) {
        return r.permute(inverse);
    }
}
