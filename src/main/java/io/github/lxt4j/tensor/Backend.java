package io.github.lxt4j.tensor;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** A tensor engine on one device: creates tensors; all further work happens on {@link Tensor}. */
public interface Backend {

    /** {@code djl} or {@code nd4j}. */
    String name();

    Device device();

    boolean supports(DType dtype);

    Tensor fromFloats(float[] data, DType dtype, long... shape);

    Tensor fromDoubles(double[] data, DType dtype, long... shape);

    Tensor fromLongs(long[] data, long... shape);

    /** Copies little-endian {@code stored} data into {@code target} (FLOAT16 and BFLOAT16 are widened exactly). */
    default Tensor fromBytes(ByteBuffer littleEndian, DType stored, DType target, long... shape) {
        return HostArrays.toTensor(this, littleEndian, stored, target, shape);
    }

    /**
     * A new FLOAT32 tensor whose row-major contents {@code writer} fills through absolute puts into a buffer of
     * {@code numel(shape)} floats. Backends that can hand out their own memory do so (no copy); the buffer is only
     * valid during the call, and {@code writer} may fill disjoint ranges from several threads.
     */
    default Tensor writeFloats(long[] shape, Consumer<FloatBuffer> writer) {
        float[] data = new float[Shapes.toIntExact(Shapes.numel(shape), "tensor of shape " + Arrays.toString(shape))];
        writer.accept(FloatBuffer.wrap(data));
        return fromFloats(data, DType.FLOAT32, shape);
    }

    /**
     * The backend's vectorised decoders of stored weights, or null when it has none (the storage classes then decode
     * in Java; see docs/quantization.md).
     */
    default WeightDecoder weightDecoder() {
        return null;
    }

    Tensor zeros(DType dtype, long... shape);

    Tensor full(double value, DType dtype, long... shape);

    /** 0, 1, …, n-1. */
    Tensor arange(long n, DType dtype);

    Tensor concat(List<Tensor> parts, int axis);

    Tensor stack(List<Tensor> parts, int axis);

    default Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** Intra-op threads used by this engine (DJL: for the calling thread, see docs/performance.md). */
    void setThreads(int threads);

    /** The intra-op threads this engine uses on the calling thread; by default the available processors. */
    default int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    default void requireSupported(DType dtype) {
        if (!supports(dtype)) {
            throw new UnsupportedDTypeException(name() + " backend on " + device() + " does not support " + dtype);
        }
    }
}
