package io.github.lxt4j.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import io.github.lxt4j.tensor.blas.Blas;
import io.github.lxt4j.tensor.blas.BlasLibrary;
import io.github.lxt4j.tensor.blas.GemmProduct;
import io.github.lxt4j.tensor.blas.GemmRouter;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A dense layer's two GEMMs on CPU float32 PyTorch tensors by OpenBLAS, in the tensors' own memory: the operands'
 * data are read where they are and the product is written into a new tensor of the current scope. Leading axes of
 * the activations are flattened into rows. What OpenBLAS does not take here, libtorch computes: another dtype,
 * operands that are not contiguous (views made by transpose or slice), more than 2 GB in one operand, or a GEMM the
 * {@link GemmRouter} gives to libtorch.
 */
final class DjlGemm {

    private DjlGemm() {}

    /** {@code x · wᵀ} for x [..., k] and w [n, k], or null when libtorch should compute it. */
    static NDArray timesTransposed(DjlBackend backend, NDArray x, NDArray w) {
        return product(backend, x, w, true);
    }

    /** {@code g · w} for g [..., n] and w [n, k], or null when libtorch should compute it. */
    static NDArray timesWeight(DjlBackend backend, NDArray g, NDArray w) {
        return product(backend, g, w, false);
    }

    private static NDArray product(DjlBackend backend, NDArray a, NDArray w, boolean transposed) {
        GemmRouter router = backend.gemmRouter();
        if (router == null || !eligible(a, w)) {
            return null;
        }
        long[] as = a.getShape().getShape();
        long[] ws = w.getShape().getShape();
        long inner = as[as.length - 1];
        if (inner != (transposed ? ws[1] : ws[0])) {
            return null;
        }
        long cols = transposed ? ws[0] : ws[1];
        long rows = inner == 0 ? 0 : a.size() / inner;
        if (rows == 0 || cols == 0 || inner == 0 || !fits(rows * cols) || !fits(a.size()) || !fits(w.size())) {
            return null;
        }
        if (router.route(rows, cols, inner, transposed ? GemmProduct.X_WT : GemmProduct.G_W) != BlasLibrary.OPENBLAS
                || !DjlLayout.isContiguous(a)
                || !DjlLayout.isContiguous(w)) {
            return null;
        }
        long[] outShape = as.clone();
        outShape[outShape.length - 1] = cols;
        NDArray out = backend.scopeManager().create(new Shape(outShape), DataType.FLOAT32);
        Blas.sgemm(
                transposed,
                (int) rows,
                (int) cols,
                (int) inner,
                floats(a),
                (int) inner,
                floats(w),
                (int) ws[1],
                floats(out),
                (int) cols,
                backend.threads());
        return out;
    }

    private static boolean eligible(NDArray a, NDArray w) {
        return a.getDataType() == DataType.FLOAT32
                && w.getDataType() == DataType.FLOAT32
                && w.getShape().dimension() == 2
                && a.getShape().dimension() >= 1
                && a instanceof PtNDArray
                && w instanceof PtNDArray
                && DjlLayout.known();
    }

    /** At most 2 GB of float32, the most a direct buffer holds. */
    private static boolean fits(long elements) {
        return elements <= Integer.MAX_VALUE / Float.BYTES;
    }

    /** The tensor's memory as a direct buffer (no copy: only called on contiguous tensors). */
    private static FloatBuffer floats(NDArray a) {
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
