package io.github.lxt4j.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a PyTorch tensor's memory is row-major contiguous, which DJL 0.36 knows but does not make public
 * ({@code PyTorchLibrary.LIB.torchIsContiguous}, reached by reflection once), and contiguous copies: DJL's {@code
 * duplicate()} is {@code clone()}, which keeps a transposed view's strides.
 */
final class DjlLayout {

    private static final Logger LOG = LoggerFactory.getLogger(DjlLayout.class);

    /** Null when the method cannot be reached; contiguity is then unknown. */
    private static final MethodHandle IS_CONTIGUOUS = probe();

    private DjlLayout() {}

    /** Whether the check can be made at all. */
    static boolean known() {
        return IS_CONTIGUOUS != null;
    }

    /** Whether {@code a} is contiguous; false when that cannot be told. */
    static boolean isContiguous(NDArray a) {
        if (IS_CONTIGUOUS == null || !(a instanceof PtNDArray)) {
            return false;
        }
        try {
            return (boolean) IS_CONTIGUOUS.invokeExact((long) ((PtNDArray) a).getHandle());
        } catch (Throwable t) {
            throw new IllegalStateException("cannot ask PyTorch whether a tensor is contiguous", t);
        }
    }

    /** A contiguous copy of {@code a} in {@code a}'s manager. */
    static NDArray contiguousCopy(NDArray a) {
        NDArray d = a.duplicate();
        if (IS_CONTIGUOUS == null || isContiguous(d)) {
            return d;
        }
        // a dense view with other strides: flattening it cannot be a view, so it copies in row-major order
        try (NDArray flat = d.flatten()) {
            NDArray r = flat.reshape(a.getShape());
            d.close();
            return r;
        }
    }

    private static MethodHandle probe() {
        try {
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field instance = lib.getDeclaredField("LIB");
            instance.setAccessible(true);
            Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).bindTo(instance.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DJL's contiguity check cannot be reached, so OpenBLAS GEMM is off ({})", e.toString());
            return null;
        }
    }
}
