package io.github.lxt4j.tensor.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.WeightDecoder;
import io.github.lxt4j.tensor.blas.GemmRouter;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * DJL's PyTorch engine. All arrays are created in one base manager per device; each {@link TensorScope} gets a
 * sub-manager that results are attached to, so closing the scope frees them and any temporaries DJL made.
 */
public final class DjlBackend implements Backend {

    private static final ConcurrentHashMap<Device, DjlBackend> INSTANCES = new ConcurrentHashMap<>();

    private final Device device;
    private final ai.djl.Device djlDevice;
    private final NDManager base;
    /** Null on a GPU: OpenBLAS computes only CPU GEMMs. */
    private final GemmRouter gemmRouter;

    private final DjlWeightDecoder decoder = new DjlWeightDecoder(this);

    private DjlBackend(Device device) {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        this.device = device;
        Engine engine = Engine.getEngine("PyTorch");
        if (device.isGpu() && engine.getGpuCount() <= device.index()) {
            throw new Lxt4jException("device " + device + " requested but the PyTorch engine sees "
                    + engine.getGpuCount() + " GPU(s); the CPU natives (pytorch-native-cpu) are on the classpath."
                    + " See docs/backends.md for running on CUDA");
        }
        this.djlDevice = device.isGpu() ? ai.djl.Device.gpu(device.index()) : ai.djl.Device.cpu();
        this.base = NDManager.newBaseManager(djlDevice, "PyTorch");
        this.gemmRouter = device.isGpu() ? null : new GemmRouter(this, "libtorch " + engine.getVersion());
    }

    /** Which library computes a dense layer's GEMM (null on a GPU). */
    GemmRouter gemmRouter() {
        return gemmRouter;
    }

    public static DjlBackend on(Device device) {
        return INSTANCES.computeIfAbsent(device, DjlBackend::new);
    }

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public boolean supports(DType dtype) {
        return dtype != DType.BFLOAT16;
    }

    /** The DJL manager of the current scope on this device. */
    NDManager scopeManager() {
        return managerOf(TensorScope.current());
    }

    NDManager managerOf(TensorScope scope) {
        return scope.resource(this, base::newSubManager);
    }

    Tensor wrap(NDArray a) {
        return new DjlTensor(this, a);
    }

    @Override
    public Tensor fromFloats(float[] data, DType dtype, long... shape) {
        requireSupported(dtype);
        if (data.length > CHUNK) { // DJL copies through one direct buffer, whose int capacity overflows past 2 GB
            return wrap(cast(
                    chunked(
                                    data.length,
                                    DType.FLOAT32,
                                    (from, to) -> scopeManager().create(Arrays.copyOfRange(data, from, to)))
                            .reshape(new Shape(shape)),
                    dtype));
        }
        NDArray a = scopeManager().create(data, new Shape(shape));
        return wrap(cast(a, dtype));
    }

    @Override
    public Tensor fromDoubles(double[] data, DType dtype, long... shape) {
        requireSupported(dtype);
        if (data.length > CHUNK) {
            return wrap(cast(
                    chunked(
                                    data.length,
                                    DType.FLOAT64,
                                    (from, to) -> scopeManager().create(Arrays.copyOfRange(data, from, to)))
                            .reshape(new Shape(shape)),
                    dtype));
        }
        NDArray a = scopeManager().create(data, new Shape(shape));
        return wrap(cast(a, dtype));
    }

    /** Elements per piece of an array created in pieces (256 MiB of float64). */
    private static final int CHUNK = 1 << 25;

    /**
     * A flat array of {@code n} elements whose pieces of at most {@link #CHUNK} are copied into it one at a time:
     * native memory peaks at the array plus one piece.
     */
    private NDArray chunked(int n, DType dtype, BiFunction<Integer, Integer, NDArray> piece) {
        NDArray whole = scopeManager().zeros(new Shape(n), DjlTypes.toDjl(dtype));
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            try (NDArray p = piece.apply(from, to)) {
                whole.set(new NDIndex("{}:{}", from, to), p);
            }
        }
        return whole;
    }

    private static NDArray cast(NDArray a, DType dtype) {
        if (DjlTypes.fromDjl(a.getDataType()) == dtype) {
            return a;
        }
        NDArray c = a.toType(DjlTypes.toDjl(dtype), false);
        a.close();
        return c;
    }

    /** Writes straight into the memory of a new PyTorch tensor ({@code toByteBuffer(true)} is a view of it). */
    @Override
    public Tensor writeFloats(long[] shape, Consumer<FloatBuffer> writer) {
        NDArray a = scopeManager().create(new Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32);
        Tensor t = wrap(a);
        if (a.size() > 0) {
            writer.accept(a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer());
        }
        return t;
    }

    @Override
    public WeightDecoder weightDecoder() {
        return decoder;
    }

    @Override
    public Tensor fromLongs(long[] data, long... shape) {
        return wrap(scopeManager().create(data, new Shape(shape)));
    }

    @Override
    public Tensor zeros(DType dtype, long... shape) {
        requireSupported(dtype);
        return wrap(scopeManager().zeros(new Shape(shape), DjlTypes.toDjl(dtype)));
    }

    @Override
    public Tensor full(double value, DType dtype, long... shape) {
        requireSupported(dtype);
        if (dtype == DType.BOOL) {
            NDArray f = scopeManager().full(new Shape(shape), (float) value);
            NDArray b = f.gt(0.5f);
            f.close();
            return wrap(b);
        }
        if (dtype == DType.FLOAT64) {
            NDArray z = scopeManager().zeros(new Shape(shape), DjlTypes.toDjl(dtype));
            NDArray r = z.add(value);
            z.close();
            return wrap(r);
        }
        return wrap(scopeManager().full(new Shape(shape), (float) value, DjlTypes.toDjl(dtype)));
    }

    @Override
    public Tensor arange(long n, DType dtype) {
        requireSupported(dtype);
        return wrap(scopeManager().arange(0f, (float) n, 1f, DjlTypes.toDjl(dtype)));
    }

    @Override
    public Tensor concat(List<Tensor> parts, int axis) {
        NDList list = new NDList(parts.size());
        for (Tensor t : parts) {
            list.add(DjlTensor.nd(t));
        }
        int a = Shapes.axis(axis, parts.get(0).rank());
        return wrap(NDArrays.concat(list, a));
    }

    @Override
    public Tensor stack(List<Tensor> parts, int axis) {
        NDList list = new NDList(parts.size());
        for (Tensor t : parts) {
            list.add(DjlTensor.nd(t));
        }
        int a = axis < 0 ? axis + parts.get(0).rank() + 1 : axis;
        return wrap(NDArrays.stack(list, a));
    }

    @Override
    public void setThreads(int threads) {
        // libtorch initialises a thread's count lazily, from the last count set on any thread, at the thread's first
        // parallel op or get_num_threads: initialise it first, or it would later overwrite the count set here
        JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
    }

    /** at::get_num_threads: OpenMP's thread count of the calling thread (set per thread by {@link #setThreads}). */
    @Override
    public int threads() {
        return JniUtils.getNumThreads();
    }

    @Override
    public String toString() {
        return "djl(" + device + ")";
    }
}
