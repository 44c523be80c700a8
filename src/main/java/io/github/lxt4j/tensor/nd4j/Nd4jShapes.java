package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.tensor.Shapes;
import java.util.Arrays;

/** Shape checks with torch's rules and messages that name the shapes involved. */
final class Nd4jShapes {
    private Nd4jShapes() {}

    /** Resolves one {@code -1} and checks that the element count is unchanged. */
    static long[] resolveReshape(long[] from, long[] to) {
        long known = 1;
        int infer = -1;
        for (int i = 0; i < to.length; i++) {
            if (to[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape " + Arrays.toString(from) + " → " + Arrays.toString(to)
                            + ": only one dimension can be -1");
                }
                infer = i;
            } else if (to[i] < 0) {
                throw new IllegalArgumentException(
                        "reshape " + Arrays.toString(from) + " → " + Arrays.toString(to) + ": negative dimension");
            } else {
                known *= to[i];
            }
        }
        long n = Shapes.numel(from);
        long[] r = to.clone();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape " + Arrays.toString(from) + " (" + n + " elements) → "
                        + Arrays.toString(to) + ": -1 cannot be inferred");
            }
            r[infer] = n / known;
        } else if (known != n) {
            throw new IllegalArgumentException("reshape " + Arrays.toString(from) + " (" + n + " elements) → "
                    + Arrays.toString(to) + " (" + known + " elements)");
        }
        return r;
    }

    /** Normalizes negative axes and checks that {@code axes} is a permutation of 0..rank-1. */
    static int[] permutation(int[] axes, int rank) {
        if (axes.length != rank) {
            throw new IllegalArgumentException(
                    "permute: " + Arrays.toString(axes) + " has " + axes.length + " axes, the tensor has rank " + rank);
        }
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Shapes.axis(axes[i], rank);
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis repeated in " + Arrays.toString(axes));
            }
            seen[p[i]] = true;
        }
        return p;
    }

    /** torch.expand: new leading axes allowed, size-1 axes stretch, -1 keeps a size. */
    static long[] resolveExpand(long[] from, long[] to) {
        if (to.length < from.length) {
            throw new IllegalArgumentException(
                    "expand " + Arrays.toString(from) + " → " + Arrays.toString(to) + ": target has fewer dimensions");
        }
        long[] r = to.clone();
        int lead = to.length - from.length;
        for (int i = 0; i < to.length; i++) {
            long src = i < lead ? 1 : from[i - lead];
            if (to[i] == -1 && i >= lead) {
                r[i] = src;
            } else if (to[i] < 0 || (src != 1 && src != to[i])) {
                throw new IllegalArgumentException("expand " + Arrays.toString(from) + " → " + Arrays.toString(to)
                        + ": dimension " + i + " cannot broadcast");
            }
        }
        return r;
    }
}
