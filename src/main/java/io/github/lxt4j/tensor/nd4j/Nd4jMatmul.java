package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.tensor.Shapes;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.matmul on ND4J. {@code Nd4j.matmul} batches over equal leading axes but does not broadcast them, so batch
 * axes are broadcast here first; an unbatched right operand (a weight) folds the left batch into rows instead.
 */
final class Nd4jMatmul {
    private Nd4jMatmul() {}

    /** Both operands of one floating type; intermediates are registered with {@code s}. */
    static INDArray matmul(Scratch s, INDArray x, INDArray y) {
        long[] xs = x.shape();
        long[] ys = y.shape();
        if (xs.length == 0 || ys.length == 0) {
            throw new IllegalArgumentException(
                    "matmul needs tensors of rank >= 1, got " + Arrays.toString(xs) + " and " + Arrays.toString(ys));
        }
        boolean xVec = xs.length == 1;
        boolean yVec = ys.length == 1;
        long[] a = xVec ? new long[] {1, xs[0]} : xs;
        long[] b = yVec ? new long[] {ys[0], 1} : ys;
        long n = a[a.length - 2];
        long k = a[a.length - 1];
        long m = b[b.length - 1];
        if (b[b.length - 2] != k) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(xs) + " and " + Arrays.toString(ys)
                    + " do not align (" + k + " vs " + b[b.length - 2] + ")");
        }
        long[] batchA = Arrays.copyOf(a, a.length - 2);
        long[] batchB = Arrays.copyOf(b, b.length - 2);
        long[] batch = Shapes.broadcast(batchA, batchB);
        long nb = Shapes.numel(batch);
        INDArray r;
        if (Shapes.numel(batchB) == 1) {
            INDArray a2 = x.reshape('c', new long[] {nb * n, k});
            INDArray b2 = y.reshape('c', new long[] {k, m});
            r = Nd4j.gemm(a2, b2, false, false);
        } else {
            INDArray a3 = s.tmp(Nd4jArrays.expand(x.reshape('c', a), Nd4jArrays.concat(batch, n, k)))
                    .reshape('c', new long[] {nb, n, k});
            INDArray b3 = s.tmp(Nd4jArrays.expand(y.reshape('c', b), Nd4jArrays.concat(batch, k, m)))
                    .reshape('c', new long[] {nb, k, m});
            r = Nd4j.matmul(a3, b3);
        }
        long[] out = Nd4jArrays.concat(batch, n, m);
        if (xVec && yVec) {
            out = new long[0];
        } else if (xVec) {
            out = Nd4jArrays.concat(batch, m);
        } else if (yVec) {
            out = Nd4jArrays.concat(batch, n);
        }
        return shaped(s, r, out);
    }

    /**
     * {@code x · wᵀ} for a 2-D w [m, k] and x [..., k]: BLAS reads w transposed, where {@code w.transpose()} followed
     * by {@link #matmul} would first copy it (a strided copy of the whole weight, slower than the product).
     */
    static INDArray timesTransposed(Scratch s, INDArray x, INDArray w) {
        long[] xs = x.shape();
        long k = xs[xs.length - 1];
        long m = w.size(0);
        if (w.size(1) != k) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(xs) + " and the transpose of "
                    + Arrays.toString(w.shape()) + " do not align (" + k + " vs " + w.size(1) + ")");
        }
        INDArray r = Nd4j.gemm(x.reshape('c', new long[] {x.length() / k, k}), w, false, true);
        long[] out = xs.clone();
        out[out.length - 1] = m;
        return shaped(s, r, out);
    }

    private static INDArray shaped(Scratch s, INDArray r, long[] out) {
        if (Scratch.isOwnedContiguous(r)) {
            return Nd4jBuffers.rewrap(r, out);
        }
        return s.tmp(r).reshape('c', out);
    }
}
