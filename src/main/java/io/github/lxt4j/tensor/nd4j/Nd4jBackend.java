package io.github.lxt4j.tensor.nd4j;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.Shapes;
import io.github.lxt4j.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J on the CPU, in float32 or float64 (plus INT32/INT64/BOOL for indices and masks). Tensors own their buffers
 * outright and are freed by {@code INDArray.close()} when they or their scope close.
 *
 * <p>ND4J M2.1 still keeps about 1.5 KB of bookkeeping per array (a native buffer descriptor and its deallocator
 * entry, also for closed arrays and views) until the garbage collector has seen the array. Tensors are small on the
 * Java heap, so the GC rarely runs, and that bookkeeping swung RSS by about 1 GB on a small transformer. The backend
 * therefore requests a GC every {@code lxt4j.nd4j.gcEvery} tensors (system property, default 20000, 0 turns it off).
 *
 * <p>ND4J starts with one master thread: its default of several oversubscribes the cores that OpenBLAS also uses.
 */
public final class Nd4jBackend implements Backend {

    private final long gcEvery;
    private final AtomicLong created = new AtomicLong();

    private Nd4jBackend() {
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        gcEvery = Long.getLong("lxt4j.nd4j.gcEvery", 20_000);
    }

    private static Nd4jBackend instance;

    /** The process-wide ND4J backend; ND4J is initialised on the first call. */
    public static synchronized Nd4jBackend instance() {
        if (instance == null) {
            try {
                instance = new Nd4jBackend();
            } catch (LinkageError | RuntimeException e) {
                throw new Lxt4jException(
                        "could not initialise ND4J (nd4j-native with the linux-x86_64 classifier and"
                                + " openblas must be on the classpath): " + e,
                        e);
            }
        }
        return instance;
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public boolean supports(DType dtype) {
        return Nd4jTypes.supported(dtype);
    }

    Tensor wrap(INDArray owned) {
        return new Nd4jTensor(this, owned);
    }

    /** Counts a new tensor; every {@code gcEvery}-th one triggers a GC (see the class comment). */
    void created() {
        if (gcEvery > 0 && created.incrementAndGet() % gcEvery == 0) {
            System.gc();
        }
    }

    private static void checkShape(long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    private static void checkLength(int length, long[] shape) {
        checkShape(shape);
        long n = Shapes.numel(shape);
        if (length != n) {
            throw new IllegalArgumentException(
                    length + " values do not fill shape " + Arrays.toString(shape) + " (" + n + " elements)");
        }
    }

    /** Converts a freshly created array to {@code dtype}, freeing the source when a copy was made. */
    private Tensor wrapAs(INDArray fresh, DType dtype) {
        DataType t = Nd4jTypes.toNd4j(dtype);
        if (fresh.dataType() == t) {
            return wrap(fresh);
        }
        INDArray c = fresh.castTo(t);
        fresh.close();
        return wrap(c);
    }

    @Override
    public Tensor fromFloats(float[] data, DType dtype, long... shape) {
        requireSupported(dtype);
        checkLength(data.length, shape);
        if (data.length == 0) {
            return zeros(dtype, shape);
        }
        return wrapAs(Nd4jBuffers.of(data, shape), dtype);
    }

    /** Writes straight into the native buffer of a new array. */
    @Override
    public Tensor writeFloats(long[] shape, Consumer<FloatBuffer> writer) {
        checkShape(shape);
        if (Shapes.numel(shape) == 0) {
            return zeros(DType.FLOAT32, shape);
        }
        INDArray r = Nd4j.createUninitialized(DataType.FLOAT, shape.clone());
        Tensor t = wrap(r);
        writer.accept(r.data().asNioFloat());
        return t;
    }

    @Override
    public Tensor fromDoubles(double[] data, DType dtype, long... shape) {
        requireSupported(dtype);
        checkLength(data.length, shape);
        if (data.length == 0) {
            return zeros(dtype, shape);
        }
        return wrapAs(Nd4jBuffers.of(data, shape), dtype);
    }

    @Override
    public Tensor fromLongs(long[] data, long... shape) {
        checkLength(data.length, shape);
        if (data.length == 0) {
            return zeros(DType.INT64, shape);
        }
        return wrap(Nd4jBuffers.of(data, shape));
    }

    private Tensor longsAs(long[] l, DType target, long[] shape) {
        checkLength(l.length, shape);
        if (l.length == 0) {
            return zeros(target, shape);
        }
        return wrapAs(Nd4jBuffers.of(l, shape), target);
    }

    @Override
    public Tensor zeros(DType dtype, long... shape) {
        requireSupported(dtype);
        checkShape(shape);
        return wrap(Nd4j.zeros(Nd4jTypes.toNd4j(dtype), shape.clone()));
    }

    @Override
    public Tensor full(double value, DType dtype, long... shape) {
        requireSupported(dtype);
        checkShape(shape);
        DataType t = Nd4jTypes.toNd4j(dtype);
        if (Shapes.numel(shape) == 0) {
            return wrap(Nd4j.create(t, shape.clone()));
        }
        switch (dtype) {
            case BOOL:
                return wrap(value != 0 ? Nd4j.valueArrayOf(shape.clone(), 1.0, t) : Nd4j.zeros(t, shape.clone()));
            case INT32:
            case INT64:
                return wrap(Nd4j.valueArrayOf(shape.clone(), (long) value, t));
            default:
                return wrap(Nd4j.valueArrayOf(shape.clone(), value, t));
        }
    }

    @Override
    public Tensor arange(long n, DType dtype) {
        requireSupported(dtype);
        int len = Shapes.toIntExact(n, "arange(" + n + ")");
        if (dtype.isFloating()) {
            double[] d = new double[len];
            for (int i = 0; i < len; i++) {
                d[i] = i;
            }
            return fromDoubles(d, dtype, len);
        }
        long[] l = new long[len];
        for (int i = 0; i < len; i++) {
            l[i] = i;
        }
        return longsAs(l, dtype, new long[] {len});
    }

    @Override
    public Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat of an empty list");
        }
        long[] first = parts.get(0).shape();
        int ax = Shapes.axis(axis, first.length);
        DataType t = DataType.BOOL;
        for (Tensor p : parts) {
            long[] s = p.shape();
            boolean ok = s.length == first.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == ax || s[d] == first[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat along axis " + axis + ": shape " + Arrays.toString(s)
                        + " does not match " + Arrays.toString(first));
            }
            t = Nd4jTypes.promote(t, Nd4jTensor.arr(p).dataType());
        }
        INDArray[] inputs = new INDArray[parts.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Nd4jTensor.arr(parts.get(i));
        }
        return joined(inputs, ax, t, null);
    }

    @Override
    public Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack of an empty list");
        }
        long[] first = parts.get(0).shape();
        int ax = Shapes.axis(axis, first.length + 1);
        DataType t = DataType.BOOL;
        INDArray[] inputs = new INDArray[parts.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Nd4jTensor.arr(parts.get(i));
            if (!Arrays.equals(inputs[i].shape(), first)) {
                throw new IllegalArgumentException("stack: shape " + Arrays.toString(inputs[i].shape())
                        + " differs from " + Arrays.toString(first));
            }
            t = Nd4jTypes.promote(t, inputs[i].dataType());
        }
        long[] unsqueezed = new long[first.length + 1];
        for (int d = 0, j = 0; d < unsqueezed.length; d++) {
            unsqueezed[d] = d == ax ? 1 : first[j++];
        }
        return joined(inputs, ax, t, unsqueezed);
    }

    /** Concatenates {@code inputs} (each reshaped to {@code as} when given) along {@code axis} in type {@code t}. */
    private Tensor joined(INDArray[] inputs, int axis, DataType t, long[] as) {
        try (Scratch s = new Scratch(inputs)) {
            INDArray[] ready = new INDArray[inputs.length];
            int count = 0;
            long total = 0;
            for (INDArray in : inputs) {
                INDArray c = s.tmp(Nd4jArrays.cast(in, t));
                INDArray r = as == null ? c : c.reshape('c', as);
                long len = r.shape()[axis];
                total += len;
                if (len > 0) {
                    ready[count++] = r;
                }
            }
            if (count == 0) {
                long[] shape = (as == null ? inputs[0].shape() : as).clone();
                shape[axis] = total;
                return wrap(Nd4j.create(t, shape));
            }
            INDArray r = count == 1 ? ready[0] : Nd4j.concat(axis, Arrays.copyOf(ready, count));
            return wrap(s.result(r));
        }
    }

    /**
     * Threads for ND4J's own loops (master threads), its thread pool, and OpenBLAS. The default is one master thread
     * and ND4J's defaults for the rest.
     */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        // reductions run on OpenMP threads, which Environment.setMaxThreads does not reach
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    @Override
    public String toString() {
        return "nd4j(cpu)";
    }
}
