package io.github.lxt4j.tensor.nd4j;

import static io.github.lxt4j.tensor.nd4j.Nd4jArrays.cast;
import static io.github.lxt4j.tensor.nd4j.Nd4jArrays.floating;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.ScopedTensor;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TopK;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.bool.IsFinite;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Tensor} backed by an ND4J INDArray that it owns exclusively: c-ordered, contiguous, never a view of another
 * tensor's buffer. Every result is a fresh buffer, so closing one tensor never invalidates another.
 */
final class Nd4jTensor extends ScopedTensor {

    private final Nd4jBackend backend;
    private final INDArray a;
    private final long[] shape;
    private final DType dtype;

    /** {@code a} must be exclusively owned and contiguous (see {@link Scratch#result}). */
    Nd4jTensor(Nd4jBackend backend, INDArray a) {
        this.backend = backend;
        this.a = a;
        this.shape = a.shape().clone();
        this.dtype = Nd4jTypes.fromNd4j(a.dataType());
        backend.created();
        try {
            enterCurrentScope();
        } catch (RuntimeException e) {
            if (a.closeable()) {
                a.close();
            }
            throw e;
        }
    }

    static INDArray arr(Tensor t) {
        if (!(t instanceof Nd4jTensor)) {
            throw new IllegalArgumentException("expected an ND4J tensor, got "
                    + (t == null ? "null" : t.getClass().getSimpleName())
                    + " (tensors of different backends cannot be mixed)");
        }
        Nd4jTensor n = (Nd4jTensor) t;
        n.checkLive();
        return n.a;
    }

    private INDArray arr() {
        checkLive();
        return a;
    }

    private Tensor wrap(INDArray owned) {
        return new Nd4jTensor(backend, owned);
    }

    @Override
    protected void freeNative() {
        if (!a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    // ---- elementwise, broadcasting ----

    /** Casts both operands to the promoted type and expands them to the broadcast shape, then applies {@code f}. */
    private Tensor binary(Tensor other, DataType type, BinaryOperator<INDArray> f) {
        INDArray x = arr();
        INDArray y = arr(other);
        long[] out = Shapes.broadcast(x.shape(), y.shape());
        try (Scratch s = new Scratch(x, y)) {
            INDArray xa = s.tmp(Nd4jArrays.expand(s.tmp(cast(x, type)), out));
            INDArray ya = s.tmp(Nd4jArrays.expand(s.tmp(cast(y, type)), out));
            return wrap(s.result(f.apply(xa, ya)));
        }
    }

    private Tensor arithmetic(Tensor other, BinaryOperator<INDArray> f) {
        return binary(other, Nd4jTypes.promote(arr().dataType(), arr(other).dataType()), f);
    }

    @Override
    public Tensor add(Tensor o) {
        return arithmetic(o, INDArray::add);
    }

    @Override
    public Tensor sub(Tensor o) {
        return arithmetic(o, INDArray::sub);
    }

    @Override
    public Tensor mul(Tensor o) {
        return arithmetic(o, INDArray::mul);
    }

    @Override
    public Tensor div(Tensor o) {
        DataType t = Nd4jTypes.promote(arr().dataType(), arr(o).dataType());
        return binary(o, Nd4jTypes.isFloating(t) ? t : DataType.FLOAT, INDArray::div);
    }

    @Override
    public Tensor maximum(Tensor o) {
        return arithmetic(o, (x, y) -> propagateNaN(x, y, Transforms.max(x, y, true)));
    }

    @Override
    public Tensor minimum(Tensor o) {
        return arithmetic(o, (x, y) -> propagateNaN(x, y, Transforms.min(x, y, true)));
    }

    /** ND4J's max/min drop NaN operands; torch.maximum/minimum return them. */
    private static INDArray propagateNaN(INDArray x, INDArray y, INDArray r) {
        for (INDArray in : new INDArray[] {x, y}) {
            if (Nd4jArrays.hasNaN(in)) {
                INDArray mask = Nd4jArrays.isNaN(in);
                INDArray fixed = Nd4jWhere.where(mask, in, r);
                mask.close();
                r.close();
                r = fixed;
            }
        }
        return r;
    }

    /** A scalar operation; integer tensors stay integral only for integral scalars (torch promotion). */
    private Tensor scalarOp(double v, BiFunction<INDArray, Number, INDArray> f) {
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            INDArray in = x;
            if (x.dataType() == DataType.BOOL) {
                in = s.tmp(x.castTo(DataType.LONG));
            }
            boolean integral = v == Math.rint(v) && Math.abs(v) < 0x1p53;
            if (!Nd4jTypes.isFloating(in.dataType()) && !integral) {
                in = s.tmp(in.castTo(DataType.FLOAT));
            }
            Number n = Nd4jTypes.isFloating(in.dataType()) ? (Number) v : (Number) (long) v;
            return wrap(s.result(f.apply(in, n)));
        }
    }

    @Override
    public Tensor add(double v) {
        return scalarOp(v, INDArray::add);
    }

    @Override
    public Tensor mul(double v) {
        return scalarOp(v, INDArray::mul);
    }

    private Tensor unary(boolean toFloat, UnaryOperator<INDArray> f) {
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            INDArray in = toFloat ? s.tmp(floating(x)) : x;
            return wrap(s.result(f.apply(in)));
        }
    }

    @Override
    public Tensor pow(double p) {
        return unary(true, x -> Transforms.pow(x, p, true));
    }

    @Override
    public Tensor neg() {
        return unary(false, INDArray::neg);
    }

    @Override
    public Tensor exp() {
        return unary(true, x -> Transforms.exp(x, true));
    }

    @Override
    public Tensor log() {
        return unary(true, x -> Transforms.log(x, true));
    }

    @Override
    public Tensor sqrt() {
        return unary(true, x -> Transforms.sqrt(x, true));
    }

    @Override
    public Tensor tanh() {
        return unary(true, x -> Transforms.tanh(x, true));
    }
    // NDMath.erf works in place in M2.1: give it a copy.
    @Override
    public Tensor erf() {
        return unary(true, x -> Nd4j.math().erf(x.dup('c')));
    }

    @Override
    public Tensor sigmoid() {
        return unary(true, x -> Transforms.sigmoid(x, true));
    }

    @Override
    public Tensor sin() {
        return unary(true, x -> Transforms.sin(x, true));
    }

    @Override
    public Tensor cos() {
        return unary(true, x -> Transforms.cos(x, true));
    }

    @Override
    public Tensor abs() {
        return unary(false, x -> Transforms.abs(x, true));
    }

    @Override
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        // clipByValue keeps NaN (as torch.clamp does) and accepts infinite bounds.
        return unary(false, x -> Nd4j.math().clipByValue(x, min, max));
    }

    // ---- comparisons ----

    /** Scalar comparisons run in the tensor's floating type, or in float64 (exact below 2^53) for integers. */
    private Tensor compareScalar(BiFunction<INDArray, Number, INDArray> f, double v) {
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            INDArray in = Nd4jTypes.isFloating(x.dataType()) ? x : s.tmp(x.castTo(DataType.DOUBLE));
            return wrap(s.result(f.apply(in, v)));
        }
    }

    @Override
    public Tensor gt(double v) {
        return compareScalar(INDArray::gt, v);
    }

    @Override
    public Tensor ge(double v) {
        return compareScalar(INDArray::gte, v);
    }

    @Override
    public Tensor lt(double v) {
        return compareScalar(INDArray::lt, v);
    }

    @Override
    public Tensor eq(double v) {
        return compareScalar(INDArray::eq, v);
    }

    @Override
    public Tensor eq(Tensor o) {
        return arithmetic(o, INDArray::eq);
    }

    @Override
    public Tensor gt(Tensor o) {
        return arithmetic(o, INDArray::gt);
    }

    @Override
    public Tensor logicalAnd(Tensor o) {
        return binary(o, DataType.BOOL, Transforms::and);
    }

    @Override
    public Tensor logicalNot() {
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            return wrap(s.result(Transforms.not(s.tmp(cast(x, DataType.BOOL)))));
        }
    }

    @Override
    public Tensor isNaN() {
        INDArray x = arr();
        if (!Nd4jTypes.isFloating(x.dataType())) {
            return wrap(Nd4j.zeros(DataType.BOOL, x.shape()));
        }
        return wrap(Nd4jArrays.isNaN(x));
    }

    @Override
    public Tensor isFinite() {
        INDArray x = arr();
        if (!Nd4jTypes.isFloating(x.dataType())) {
            return wrap(Nd4j.valueArrayOf(x.shape(), 1.0, DataType.BOOL));
        }
        INDArray z = Nd4j.createUninitialized(DataType.BOOL, x.shape());
        Nd4j.exec(new IsFinite(x, z));
        return wrap(z);
    }

    @Override
    public Tensor where(Tensor cond, Tensor other) {
        INDArray x = arr();
        INDArray c = arr(cond);
        INDArray y = arr(other);
        long[] out = Shapes.broadcast(Shapes.broadcast(c.shape(), x.shape()), y.shape());
        DataType t = Nd4jTypes.promote(x.dataType(), y.dataType());
        try (Scratch s = new Scratch(x, c, y)) {
            INDArray xa = s.tmp(Nd4jArrays.contiguous(Nd4jArrays.expand(s.tmp(cast(x, t)), out)));
            INDArray ya = s.tmp(Nd4jArrays.contiguous(Nd4jArrays.expand(s.tmp(cast(y, t)), out)));
            INDArray ca = s.tmp(Nd4jArrays.contiguous(Nd4jArrays.expand(s.tmp(cast(c, DataType.BOOL)), out)));
            return wrap(s.result(Nd4jWhere.where(ca, xa, ya)));
        }
    }

    @Override
    public boolean any() {
        INDArray x = arr();
        return !x.isEmpty() && x.any();
    }

    // ---- reductions ----

    private Tensor reduce(int axis, boolean keepDims, DataType boolAndIntAs, ReduceOp f) {
        INDArray x = arr();
        int ax = Shapes.axis(axis, shape.length);
        try (Scratch s = new Scratch(x)) {
            INDArray in = Nd4jTypes.isFloating(x.dataType()) ? x : s.tmp(x.castTo(boolAndIntAs));
            return wrap(s.result(f.apply(in, ax, keepDims)));
        }
    }

    private interface ReduceOp {
        INDArray apply(INDArray x, int axis, boolean keepDims);
    }

    @Override
    public Tensor sum(int axis, boolean keepDims) {
        return reduce(axis, keepDims, DataType.LONG, (x, ax, k) -> x.sum(k, ax));
    }

    @Override
    public Tensor sumAll() {
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            INDArray in = Nd4jTypes.isFloating(x.dataType()) ? x : s.tmp(x.castTo(DataType.LONG));
            INDArray r = in.isEmpty() ? Nd4j.scalar(in.dataType(), 0.0) : in.sum();
            return wrap(s.result(r.rank() == 0 ? r : s.tmp(r).reshape('c', new long[0])));
        }
    }

    @Override
    public Tensor mean(int axis, boolean keepDims) {
        return reduce(axis, keepDims, DataType.FLOAT, (x, ax, k) -> x.mean(k, ax));
    }

    @Override
    public Tensor max(int axis, boolean keepDims) {
        return reduce(axis, keepDims, DataType.LONG, (x, ax, k) -> {
            INDArray r = x.max(k, ax);
            if (!Nd4jArrays.hasNaN(x)) {
                return r;
            }
            // ND4J's max skips NaN; torch's returns NaN for a slice that holds one.
            INDArray nan = Nd4jArrays.isNaN(x);
            INDArray nanF = nan.castTo(DataType.FLOAT);
            INDArray anyF = nanF.max(k, ax);
            INDArray any = anyF.gt(0.5);
            INDArray nans = Nd4j.valueArrayOf(r.shape(), Double.NaN, r.dataType());
            INDArray fixed = Nd4jWhere.where(any, nans, r);
            for (INDArray t : new INDArray[] {nan, nanF, anyF, any, nans, r}) {
                t.close();
            }
            return fixed;
        });
    }

    @Override
    public Tensor argmax(int axis) {
        INDArray x = arr();
        int ax = Shapes.axis(axis, shape.length);
        try (Scratch s = new Scratch(x)) {
            INDArray in = Nd4jTypes.isFloating(x.dataType()) ? x : s.tmp(x.castTo(DataType.DOUBLE));
            INDArray r = s.tmp(cast(s.tmp(in.argMax(ax)), DataType.LONG));
            if (Nd4jArrays.hasNaN(in)) {
                // torch treats NaN as the maximum: the first NaN of a slice wins.
                INDArray nanF = s.tmp(s.tmp(Nd4jArrays.isNaN(in)).castTo(DataType.FLOAT));
                INDArray firstNaN = s.tmp(cast(s.tmp(nanF.argMax(ax)), DataType.LONG));
                INDArray any = s.tmp(s.tmp(nanF.max(false, ax)).gt(0.5));
                r = s.tmp(Nd4jWhere.where(any, firstNaN, r));
            }
            return wrap(s.result(r));
        }
    }

    @Override
    public Tensor softmax(int axis) {
        int ax = Shapes.axis(axis, shape.length);
        return unary(true, x -> Nd4j.nn().softmax(x, ax));
    }

    // ---- linear algebra ----

    @Override
    public Tensor matmul(Tensor o) {
        INDArray x = arr();
        INDArray y = arr(o);
        DataType t = Nd4jTypes.promote(x.dataType(), y.dataType());
        if (!Nd4jTypes.isFloating(t)) {
            t = DataType.DOUBLE;
        }
        try (Scratch s = new Scratch(x, y)) {
            return wrap(s.result(Nd4jMatmul.matmul(s, s.tmp(cast(x, t)), s.tmp(cast(y, t)))));
        }
    }

    @Override
    public Tensor matmulTransposed(Tensor w) {
        INDArray x = arr();
        INDArray y = arr(w);
        DataType t = Nd4jTypes.promote(x.dataType(), y.dataType());
        if (y.rank() != 2 || x.rank() == 0 || x.length() == 0 || !Nd4jTypes.isFloating(t)) {
            return matmul(w.transpose(-1, -2));
        }
        try (Scratch s = new Scratch(x, y)) {
            return wrap(s.result(Nd4jMatmul.timesTransposed(s, s.tmp(cast(x, t)), s.tmp(cast(y, t)))));
        }
    }

    // ---- shape ----

    @Override
    public Tensor reshape(long... newShape) {
        long[] target = Nd4jShapes.resolveReshape(shape, newShape);
        INDArray x = arr();
        return wrap(x.isEmpty() ? Nd4j.create(x.dataType(), target) : Nd4jBuffers.reshapedCopy(x, target));
    }

    @Override
    public Tensor permute(int... axes) {
        int[] p = Nd4jShapes.permutation(axes, shape.length);
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            return wrap(s.result(p.length == 0 ? x : x.permute(p)));
        }
    }

    @Override
    public Tensor transpose(int axis1, int axis2) {
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        int a1 = Shapes.axis(axis1, p.length);
        int a2 = Shapes.axis(axis2, p.length);
        p[a1] = a2;
        p[a2] = a1;
        return permute(p);
    }

    @Override
    public Tensor expand(long... target) {
        long[] out = Nd4jShapes.resolveExpand(shape, target);
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            return wrap(s.result(Nd4jArrays.expand(x, out)));
        }
    }

    @Override
    public Tensor slice(int axis, long start, long end, long step) {
        int ax = Shapes.axis(axis, shape.length);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        long n = shape[ax];
        long s0 = Math.max(0, Math.min(start < 0 ? start + n : start, n));
        long e0 = Math.max(s0, Math.min(end < 0 ? end + n : end, n));
        long len = (e0 - s0 + step - 1) / step;
        INDArray x = arr();
        if (len == 0) {
            return wrap(Nd4j.create(x.dataType(), Nd4jArrays.withDim(shape, ax, 0)));
        }
        INDArrayIndex[] index = new INDArrayIndex[shape.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == ax ? NDArrayIndex.interval(s0, step, e0) : NDArrayIndex.all();
        }
        try (Scratch s = new Scratch(x)) {
            return wrap(s.result(x.get(index)));
        }
    }

    @Override
    public Tensor indexSelect(int axis, Tensor indices) {
        int ax = Shapes.axis(axis, shape.length);
        if (indices.rank() > 1) {
            throw new IllegalArgumentException(
                    "indexSelect: indices must be 1-D, got " + Arrays.toString(indices.shape()));
        }
        long[] idx = indices.toLongArray();
        Nd4jIndexing.checkBounds(idx, shape[ax], "indexSelect", ax, shape);
        return wrap(Nd4jIndexing.take(arr(), ax, idx));
    }

    @Override
    public Tensor gather(int axis, Tensor indices) {
        return wrap(
                Nd4jIndexing.gather(arr(), Shapes.axis(axis, shape.length), indices.shape(), indices.toLongArray()));
    }

    @Override
    public TopK topk(int k, int axis) {
        int ax = Shapes.axis(axis, shape.length);
        INDArray[] r = Nd4jIndexing.topk(arr(), k, ax);
        Tensor values = wrap(r[0]);
        Tensor indices;
        try {
            indices = wrap(r[1]);
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
        return new TopK(values, indices);
    }

    @Override
    public Tensor repeatInterleave(int axis, long repeats) {
        int ax = Shapes.axis(axis, shape.length);
        if (repeats < 0) {
            throw new IllegalArgumentException("repeatInterleave: repeats must be >= 0, got " + repeats);
        }
        long n = shape[ax];
        long[] idx = new long[Shapes.toIntExact(n * repeats, "repeatInterleave")];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i / repeats;
        }
        return wrap(Nd4jIndexing.take(arr(), ax, idx));
    }

    @Override
    public Tensor toDType(DType target) {
        backend.requireSupported(target);
        INDArray x = arr();
        try (Scratch s = new Scratch(x)) {
            return wrap(s.result(cast(x, Nd4jTypes.toNd4j(target))));
        }
    }

    @Override
    public Tensor copy() {
        return wrap(arr().dup('c'));
    }

    /** {@code a} is row-major with offset 0 (the ownership invariant), so its buffer is the row-major data. */
    private <T> T read(DataType t, Function<INDArray, T> reader) {
        INDArray x = arr();
        if (x.dataType() == t) {
            return reader.apply(x);
        }
        INDArray c = x.castTo(t);
        try {
            return reader.apply(c);
        } finally {
            c.close();
        }
    }

    @Override
    public float[] toFloatArray() {
        return read(DataType.FLOAT, Nd4jBuffers::floats);
    }

    @Override
    public double[] toDoubleArray() {
        return read(DataType.DOUBLE, Nd4jBuffers::doubles);
    }

    @Override
    public long[] toLongArray() {
        return read(DataType.LONG, Nd4jBuffers::longs);
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + Arrays.toString(shape) + " " + dtype;
    }
}
