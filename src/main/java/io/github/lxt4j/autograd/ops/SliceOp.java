package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.autograd.Var;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** A contiguous range {@code [start, end)} along one axis; relevance is zero-padded back. */
public final class SliceOp extends Structural {
    private final long[] inShape;
    private final int axis;
    private final long start;
    private final long end;

    private SliceOp(long[] inShape, int axis, long start, long end) {
        this.inShape = inShape;
        this.axis = axis;
        this.start = start;
        this.end = end;
    }

    public static Var apply(Var x, int axis, long start, long end) {
        long[] s = x.shape();
        int a = Shapes.axis(axis, s.length);
        long n = s[a];
        long st = Math.max(0, Math.min(start < 0 ? start + n : start, n));
        long en = Math.max(st, Math.min(end < 0 ? end + n : end, n));
        return record(new SliceOp(s, a, st, en), x.value().slice(a, st, en), x);
    }

    /** Index {@code i} along {@code axis}, which is removed. */
    public static Var select(Var x, int axis, long i) {
        int a = Shapes.axis(axis, x.shape().length);
        long n = x.shape()[a];
        long idx = i < 0 ? i + n : i;
        if (idx < 0 || idx >= n) {
            throw new IndexOutOfBoundsException("index " + i + " out of range for axis " + axis + " of size " + n);
        }
        return ReshapeOp.apply(apply(x, a, idx, idx + 1), dropAxis(x.shape(), a));
    }

    private static long[] dropAxis(long[] s, int a) {
        long[] out = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != a) {
                out[j++] = s[i];
            }
        }
        return out;
    }

    @Override
    protected Tensor route(Tensor r) {
        List<Tensor> parts = new ArrayList<>(3);
        long[] s = inShape.clone();
        if (start > 0) {
            s[axis] = start;
            parts.add(r.backend().zeros(r.dtype(), s.clone()));
        }
        parts.add(r);
        if (end < inShape[axis]) {
            s[axis] = inShape[axis] - end;
            parts.add(r.backend().zeros(r.dtype(), s.clone()));
        }
        return parts.size() == 1 ? r : r.backend().concat(parts, axis);
    }
}
