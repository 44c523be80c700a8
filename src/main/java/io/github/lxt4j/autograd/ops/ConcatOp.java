package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Concatenation along an axis; each input gets its slice of the relevance. */
public final class ConcatOp extends PassThrough {
    private final int axis;
    private final long[] sizes;

    private ConcatOp(int axis, long[] sizes) {
        this.axis = axis;
        this.sizes = sizes;
    }

    public static Var apply(List<Var> parts, int axis) {
        int a = Shapes.axis(axis, parts.get(0).shape().length);
        List<Tensor> values = new ArrayList<>(parts.size());
        long[] sizes = new long[parts.size()];
        for (int i = 0; i < sizes.length; i++) {
            values.add(parts.get(i).value());
            sizes[i] = parts.get(i).shape()[a];
        }
        Tensor out = values.get(0).backend().concat(values, a);
        return new ConcatOp(a, sizes).record1(Structural.SITE, out, parts.toArray(new Var[0]));
    }

    @Override
    protected Tensor[] pass(Tensor r) {
        return r.split(axis, sizes).toArray(new Tensor[0]);
    }
}
