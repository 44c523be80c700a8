package io.github.lxt4j.tensor.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Memory for stored weights outside the Java heap: the codes of a quantized model and the 16-bit weights it keeps
 * are most of its size (6 GB for an 8B model in nf4), so they live in direct buffers and the heap stays at its
 * default size. Direct buffers count against {@code -XX:MaxDirectMemorySize} (by default the maximum heap size; the
 * {@code ./lxt4j} launcher raises it) and are freed when the weights are collected.
 */
final class OffHeap {
    private OffHeap() {}

    /** A zeroed little-endian buffer of {@code bytes} bytes. */
    static ByteBuffer allocate(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A little-endian copy of {@code bytes}, positioned at 0. */
    static ByteBuffer copyOf(byte[] bytes) {
        ByteBuffer b = allocate(bytes.length);
        b.put(bytes).flip();
        return b;
    }
}
