package io.github.lxt4j.io;

import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Shapes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a safetensors header.
 *
 * @param name  the tensor's key
 * @param dtype the element type as stored
 * @param shape the dimensions; empty for a scalar
 * @param begin the first byte, relative to the start of the data section
 * @param end   one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements: the product of the dimensions, 1 for a scalar. */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** The number of bytes in the data section, {@code end - begin}. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && begin == t.begin
                && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + SafetensorsDTypes.name(dtype) + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
