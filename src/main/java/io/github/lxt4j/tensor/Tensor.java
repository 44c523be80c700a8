package io.github.lxt4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on one backend. Results are new tensors owned by the current {@link TensorScope};
 * operands are never modified. Binary operations broadcast like numpy. Negative axes count from the end.
 */
public interface Tensor extends AutoCloseable {

    Backend backend();

    DType dtype();

    long[] shape();

    boolean isClosed();

    /** Frees the native memory now, ahead of the owning scope. Idempotent. */
    @Override
    void close();

    /**
     * Whether this tensor is a view of another's memory (a transposed or permuted one on DJL), so that it holds no
     * memory of its own: {@link TensorScope#bytes()} leaves it out.
     */
    default boolean isView() {
        return false;
    }

    default int rank() {
        return shape().length;
    }

    default long dim(int axis) {
        long[] s = shape();
        return s[Shapes.axis(axis, s.length)];
    }

    default long numel() {
        return Shapes.numel(shape());
    }

    // ---- elementwise, broadcasting ----
    Tensor add(Tensor other);

    Tensor sub(Tensor other);

    Tensor mul(Tensor other);

    Tensor div(Tensor other);

    Tensor maximum(Tensor other);

    Tensor minimum(Tensor other);

    Tensor add(double scalar);

    Tensor mul(double scalar);

    Tensor pow(double exponent);

    Tensor neg();

    Tensor exp();

    Tensor log();

    Tensor sqrt();

    Tensor tanh();

    Tensor erf();

    Tensor sigmoid();

    Tensor sin();

    Tensor cos();

    Tensor abs();

    Tensor clamp(double min, double max);

    // ---- comparisons: BOOL results ----
    Tensor gt(double scalar);

    Tensor ge(double scalar);

    Tensor lt(double scalar);

    Tensor eq(double scalar);

    Tensor eq(Tensor other);

    Tensor gt(Tensor other);

    Tensor logicalAnd(Tensor other);

    Tensor logicalNot();

    Tensor isNaN();

    Tensor isFinite();

    /** {@code cond ? this : other}, elementwise with broadcasting; {@code cond} is BOOL. */
    Tensor where(Tensor cond, Tensor other);

    boolean any();

    // ---- reductions ----
    Tensor sum(int axis, boolean keepDims);

    Tensor sumAll();

    Tensor mean(int axis, boolean keepDims);

    Tensor max(int axis, boolean keepDims);

    /** INT64 indices of the maxima along {@code axis}, axis removed. */
    Tensor argmax(int axis);

    Tensor softmax(int axis);

    // ---- linear algebra ----
    /** torch.matmul semantics: batched over leading axes, which broadcast. */
    Tensor matmul(Tensor other);

    // ---- shape ----
    Tensor reshape(long... shape);

    Tensor permute(int... axes);

    Tensor transpose(int axis1, int axis2);

    /** Broadcasts to {@code shape} (numpy rules); the result may be a view. */
    Tensor expand(long... shape);

    Tensor slice(int axis, long start, long end, long step);

    /** Entries {@code indices} (1-D INT64) along {@code axis}. */
    Tensor indexSelect(int axis, Tensor indices);

    /** torch.gather: {@code out[..i..] = this[..indices[..i..]..]} along {@code axis}. */
    Tensor gather(int axis, Tensor indices);

    /** The k largest entries along {@code axis}, sorted descending. */
    TopK topk(int k, int axis);

    /** torch.repeat_interleave along {@code axis}. */
    Tensor repeatInterleave(int axis, long repeats);

    /** Cast (a copy, also when the dtype is unchanged). */
    Tensor toDType(DType dtype);

    /** A contiguous copy. */
    Tensor copy();

    float[] toFloatArray();

    double[] toDoubleArray();

    long[] toLongArray();

    // ---- derived operations, shared by every backend ----

    default Tensor sub(double scalar) {
        return add(-scalar);
    }

    default Tensor div(double scalar) {
        return mul(1.0 / scalar);
    }

    default Tensor square() {
        return mul(this);
    }

    default Tensor rsqrt() {
        return pow(-0.5);
    }

    default Tensor relu() {
        return clamp(0, Double.POSITIVE_INFINITY);
    }

    default Tensor slice(int axis, long start, long end) {
        return slice(axis, start, end, 1);
    }

    /** Row lookup: {@code this} is [V, D], {@code ids} any shape of INT64 → [..., D]. */
    default Tensor embedding(Tensor ids) {
        long[] idShape = ids.shape();
        Tensor flat = ids.reshape(ids.numel());
        Tensor rows = indexSelect(0, flat);
        long[] out = Arrays.copyOf(idShape, idShape.length + 1);
        out[idShape.length] = dim(-1);
        return rows.reshape(out);
    }

    default Tensor squeeze(int axis) {
        long[] s = shape();
        int a = Shapes.axis(axis, s.length);
        if (s[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Arrays.toString(s) + " is not 1");
        }
        long[] out = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != a) {
                out[j++] = s[i];
            }
        }
        return reshape(out);
    }

    default Tensor unsqueeze(int axis) {
        long[] s = shape();
        int a = axis < 0 ? axis + s.length + 1 : axis;
        long[] out = new long[s.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == a ? 1 : s[j++];
        }
        return reshape(out);
    }

    default Tensor sum(int[] axes, boolean keepDims) {
        int[] sorted =
                Arrays.stream(axes).map(a -> Shapes.axis(a, rank())).sorted().toArray();
        Tensor r = this;
        for (int i = sorted.length - 1; i >= 0; i--) {
            r = r.sum(sorted[i], keepDims);
        }
        return r;
    }

    /** Sign-aware LRP stabilizer {@code z + eps·sign(z)}, with sign(0) = +1. */
    default Tensor stabilize(double eps) {
        return add(eps).where(ge(0), add(-eps));
    }

    /** {@code this / stabilize(z)}: the LRP-ε quotient. Denominators have magnitude ≥ eps unless z is ±inf. */
    default Tensor divStabilized(Tensor z, double eps) {
        return div(z.stabilize(eps));
    }

    /**
     * {@code this · wᵀ} for a 2-D {@code w} of shape [out, in]: a dense layer's product. Backends override it where
     * transposing the weight would copy it.
     */
    default Tensor matmulTransposed(Tensor w) {
        return matmul(w.transpose(-1, -2));
    }

    /**
     * {@code this · w} for a 2-D {@code w} of shape [out, in] and {@code this} [..., out]: the adjoint of
     * {@link #matmulTransposed}, a dense layer's product in the relevance pass. Backends override it to pick the
     * GEMM.
     */
    default Tensor matmulWeight(Tensor w) {
        return matmul(w);
    }

    /**
     * {@code this ⊙ other}, written into this tensor's storage where the backend can. Only for a temporary that
     * nothing else references (a result the caller just computed): afterwards use the returned tensor, not this.
     */
    default Tensor mulInPlace(Tensor other) {
        return mul(other);
    }

    /** {@code this · scalar}, in place where the backend can; the same contract as {@link #mulInPlace(Tensor)}. */
    default Tensor mulInPlace(double scalar) {
        return mul(scalar);
    }

    default Tensor zerosLike() {
        return backend().zeros(dtype(), shape());
    }

    default Tensor onesLike() {
        return backend().full(1, dtype(), shape());
    }

    default double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a single element, shape is " + Arrays.toString(shape()));
        }
        return dtype().isFloating() ? toDoubleArray()[0] : toLongArray()[0];
    }

    default List<Tensor> split(int axis, long... sizes) {
        List<Tensor> parts = new ArrayList<>(sizes.length);
        long start = 0;
        for (long size : sizes) {
            parts.add(slice(axis, start, start + size));
            start += size;
        }
        if (start != dim(axis)) {
            throw new IllegalArgumentException("split sizes " + Arrays.toString(sizes) + " do not add up to axis "
                    + axis + " of " + Arrays.toString(shape()));
        }
        return parts;
    }

    /** One-hot encoding of INT64 indices: shape + [depth], in {@code dtype}. */
    default Tensor oneHot(long depth, DType dtype) {
        Tensor classes = backend().arange(depth, DType.INT64);
        return unsqueeze(-1).eq(classes).toDType(dtype);
    }

    /**
     * 2-D convolution (cross-correlation) of {@code this} [B, C, H, W] with {@code weight} [O, C, kh, kw].
     * Backends may override with a native kernel; this default lowers it to im2col + matmul.
     */
    default Tensor conv2d(Tensor weight, int strideH, int strideW, int padH, int padW) {
        return Convolutions.conv2d(this, weight, strideH, strideW, padH, padW);
    }
}
