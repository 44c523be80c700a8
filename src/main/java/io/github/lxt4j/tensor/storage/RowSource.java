package io.github.lxt4j.tensor.storage;

/**
 * A weight produced one row at a time (for example random weights drawn per row), so that a quantizer never holds
 * more than a row in float32. Rows may be requested from several threads at once, in any order.
 */
@FunctionalInterface
public interface RowSource {
    /** Writes the float32 values of row {@code row} into {@code dst[0, cols)}. */
    void read(int row, float[] dst);
}
