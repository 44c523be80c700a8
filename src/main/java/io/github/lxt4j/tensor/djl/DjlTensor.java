package io.github.lxt4j.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.ScopedTensor;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.TopK;
import java.util.Arrays;

/** A {@link Tensor} backed by a DJL PyTorch NDArray. */
final class DjlTensor extends ScopedTensor {

    private final DjlBackend backend;
    private final NDArray a;
    /** Cached: DJL's getShape() hands out its internal array and throws once the array is closed. */
    private final long[] shape;

    private boolean view;

    DjlTensor(DjlBackend backend, NDArray a) {
        this.backend = backend;
        this.a = a;
        this.shape = a.getShape().getShape().clone();
        enterCurrentScope();
        a.attach(backend.scopeManager());
    }

    static NDArray nd(Tensor t) {
        if (!(t instanceof DjlTensor)) {
            throw new IllegalArgumentException("expected a DJL tensor, got "
                    + t.getClass().getSimpleName() + " (tensors of different backends cannot be mixed)");
        }
        DjlTensor d = (DjlTensor) t;
        d.checkLive();
        return d.a;
    }

    private NDArray nd() {
        checkLive();
        return a;
    }

    private Tensor w(NDArray r) {
        return backend.wrap(r);
    }

    /** A result that PyTorch computes as a view of this tensor's memory (a permutation of its strides). */
    private Tensor view(NDArray r) {
        DjlTensor t = (DjlTensor) backend.wrap(r);
        t.view = true;
        return t;
    }

    @Override
    public boolean isView() {
        return view;
    }

    @Override
    protected void movedTo(TensorScope scope) {
        a.attach(backend.managerOf(scope));
    }

    @Override
    protected void freeNative() {
        a.close();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return DjlTypes.fromDjl(a.getDataType());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public Tensor add(Tensor o) {
        return w(nd().add(nd(o)));
    }

    @Override
    public Tensor sub(Tensor o) {
        return w(nd().sub(nd(o)));
    }

    @Override
    public Tensor mul(Tensor o) {
        return w(nd().mul(nd(o)));
    }

    @Override
    public Tensor div(Tensor o) {
        return w(nd().div(nd(o)));
    }

    @Override
    public Tensor maximum(Tensor o) {
        return w(nd().maximum(nd(o)));
    }

    @Override
    public Tensor minimum(Tensor o) {
        return w(nd().minimum(nd(o)));
    }

    @Override
    public Tensor add(double s) {
        return w(nd().add(s));
    }

    @Override
    public Tensor mul(double s) {
        return w(nd().mul(s));
    }

    @Override
    public Tensor pow(double p) {
        return w(nd().pow(p));
    }

    @Override
    public Tensor neg() {
        return w(nd().neg());
    }

    @Override
    public Tensor exp() {
        return w(nd().exp());
    }

    @Override
    public Tensor log() {
        return w(nd().log());
    }

    @Override
    public Tensor sqrt() {
        return w(nd().sqrt());
    }

    @Override
    public Tensor tanh() {
        return w(nd().tanh());
    }

    @Override
    public Tensor erf() {
        return w(nd().erf());
    }

    @Override
    public Tensor sigmoid() {
        return w(JniUtils.sigmoid((PtNDArray) nd()));
    }

    @Override
    public Tensor sin() {
        return w(nd().sin());
    }

    @Override
    public Tensor cos() {
        return w(nd().cos());
    }

    @Override
    public Tensor abs() {
        return w(nd().abs());
    }

    @Override
    public Tensor clamp(double min, double max) {
        return w(nd().clip(min, max));
    }

    @Override
    public Tensor gt(double s) {
        return w(nd().gt(s));
    }

    @Override
    public Tensor ge(double s) {
        return w(nd().gte(s));
    }

    @Override
    public Tensor lt(double s) {
        return w(nd().lt(s));
    }

    @Override
    public Tensor eq(double s) {
        return w(nd().eq(s));
    }

    @Override
    public Tensor eq(Tensor o) {
        return w(nd().eq(nd(o)));
    }

    @Override
    public Tensor gt(Tensor o) {
        return w(nd().gt(nd(o)));
    }

    @Override
    public Tensor logicalAnd(Tensor o) {
        return w(nd().logicalAnd(nd(o)));
    }

    @Override
    public Tensor logicalNot() {
        return w(nd().logicalNot());
    }

    @Override
    public Tensor isNaN() {
        return w(nd().isNaN());
    }

    @Override
    public Tensor isFinite() {
        NDArray inf = nd().isInfinite();
        NDArray nan = nd().isNaN();
        NDArray bad = inf.logicalOr(nan);
        NDArray ok = bad.logicalNot();
        inf.close();
        nan.close();
        bad.close();
        return w(ok);
    }

    @Override
    public Tensor where(Tensor cond, Tensor other) {
        return w(JniUtils.where((PtNDArray) nd(cond), (PtNDArray) nd(), (PtNDArray) nd(other)));
    }

    /**
     * The sign-aware stabilizer without {@code where}, which on PyTorch's CPU is about 8× slower than an arithmetic
     * pass: sign⁺(z) = sign(sign(z) + ½) maps −1, 0, 1 to −1, 1, 1, so {@code z + eps·sign⁺(z)} is bit-identical to
     * the selecting form (NaN stays NaN) in three in-place passes.
     */
    @Override
    public Tensor divStabilized(Tensor z, double eps) {
        NDArray zn = nd(z);
        try (NDArray d = zn.sign()) {
            d.addi(0.5).signi().muli(eps).addi(zn);
            return w(nd().div(d));
        }
    }

    @Override
    public Tensor mulInPlace(Tensor o) {
        if (!fitsInPlace(o)) {
            return mul(o);
        }
        nd().muli(nd(o));
        return this;
    }

    @Override
    public Tensor mulInPlace(double s) {
        nd().muli(s);
        return this;
    }

    /** In-place needs the result to have this tensor's shape and dtype. */
    private boolean fitsInPlace(Tensor o) {
        return o.dtype() == dtype() && Arrays.equals(Shapes.broadcast(shape, o.shape()), shape);
    }

    @Override
    public boolean any() {
        try (NDArray r = nd().any()) {
            return r.getBoolean();
        }
    }

    @Override
    public Tensor sum(int axis, boolean keepDims) {
        return w(nd().sum(new int[] {Shapes.axis(axis, rank())}, keepDims));
    }

    @Override
    public Tensor sumAll() {
        return w(nd().sum());
    }

    @Override
    public Tensor mean(int axis, boolean keepDims) {
        return w(nd().mean(new int[] {Shapes.axis(axis, rank())}, keepDims));
    }

    @Override
    public Tensor max(int axis, boolean keepDims) {
        return w(nd().max(new int[] {Shapes.axis(axis, rank())}, keepDims));
    }

    @Override
    public Tensor argmax(int axis) {
        return w(nd().argMax(Shapes.axis(axis, rank())));
    }

    @Override
    public Tensor softmax(int axis) {
        return w(nd().softmax(Shapes.axis(axis, rank())));
    }

    @Override
    public Tensor matmul(Tensor o) {
        return w(nd().matMul(nd(o)));
    }

    /** {@code this · wᵀ}: OpenBLAS where the {@link DjlGemm} route says so, else libtorch. */
    @Override
    public Tensor matmulTransposed(Tensor w) {
        NDArray r = DjlGemm.timesTransposed(backend, nd(), nd(w));
        return r != null ? w(r) : super.matmulTransposed(w);
    }

    /** {@code this · w} for a dense weight w [out, in]: OpenBLAS where the route says so, else libtorch. */
    @Override
    public Tensor matmulWeight(Tensor w) {
        NDArray r = DjlGemm.timesWeight(backend, nd(), nd(w));
        return r != null ? w(r) : super.matmulWeight(w);
    }

    @Override
    public Tensor reshape(long... shape) {
        return w(nd().reshape(new Shape(shape)));
    }

    @Override
    public Tensor permute(int... axes) {
        return view(nd().transpose(axes));
    }

    @Override
    public Tensor transpose(int axis1, int axis2) {
        return view(nd().swapAxes(Shapes.axis(axis1, rank()), Shapes.axis(axis2, rank())));
    }

    @Override
    public Tensor expand(long... shape) {
        return w(nd().broadcast(new Shape(shape)));
    }

    @Override
    public Tensor slice(int axis, long start, long end, long step) {
        int ax = Shapes.axis(axis, rank());
        long n = dim(ax);
        long s = Math.max(0, Math.min(start < 0 ? start + n : start, n));
        long e = Math.max(s, Math.min(end < 0 ? end + n : end, n));
        return w(JniUtils.slice((PtNDArray) nd(), ax, s, e, step));
    }

    @Override
    public Tensor indexSelect(int axis, Tensor indices) {
        int ax = Shapes.axis(axis, rank());
        if (ax == 0) {
            return w(nd().get(new ai.djl.ndarray.index.NDIndex("{}", nd(indices))));
        }
        NDArray moved = nd().swapAxes(0, ax);
        NDArray picked = moved.get(new ai.djl.ndarray.index.NDIndex("{}", nd(indices)));
        NDArray back = picked.swapAxes(0, ax);
        moved.close();
        picked.close();
        return w(back);
    }

    @Override
    public Tensor gather(int axis, Tensor indices) {
        return w(nd().gather(nd(indices), Shapes.axis(axis, rank())));
    }

    @Override
    public TopK topk(int k, int axis) {
        NDList r = nd().topK(k, Shapes.axis(axis, rank()), true, true);
        return new TopK(w(r.get(0)), w(r.get(1)));
    }

    @Override
    public Tensor repeatInterleave(int axis, long repeats) {
        return w(nd().repeat(Shapes.axis(axis, rank()), repeats));
    }

    @Override
    public Tensor toDType(DType dtype) {
        backend.requireSupported(dtype);
        return w(nd().toType(DjlTypes.toDjl(dtype), true));
    }

    @Override
    public Tensor copy() {
        return w(DjlLayout.contiguousCopy(nd()));
    }

    @Override
    public float[] toFloatArray() {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
            return nd().toFloatArray();
        }
        try (NDArray f = nd().toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    @Override
    public double[] toDoubleArray() {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
            return nd().toDoubleArray();
        }
        try (NDArray f = nd().toType(ai.djl.ndarray.types.DataType.FLOAT64, true)) {
            return f.toDoubleArray();
        }
    }

    @Override
    public long[] toLongArray() {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.INT64) {
            return nd().toLongArray();
        }
        try (NDArray f = nd().toType(ai.djl.ndarray.types.DataType.INT64, true)) {
            return f.toLongArray();
        }
    }

    @Override
    public Tensor conv2d(Tensor weight, int strideH, int strideW, int padH, int padW) {
        NDList r = nd().getNDArrayInternal()
                .convolution(
                        nd(), nd(weight), null, new Shape(strideH, strideW), new Shape(padH, padW), new Shape(1, 1), 1);
        return w(r.singletonOrThrow());
    }

    @Override
    public String toString() {
        return "DjlTensor" + Arrays.toString(shape) + " " + dtype();
    }
}
