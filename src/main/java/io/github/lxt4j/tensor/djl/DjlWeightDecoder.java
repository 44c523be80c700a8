package io.github.lxt4j.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.WeightDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Decodes stored weights with PyTorch operations on tensors created over the stored bytes ({@code from_blob}: a
 * direct or memory-mapped buffer is read in place, never written). A whole weight is decoded in chunks of about
 * {@code lxt4j.widenChunkElements} elements (system property, default 2^22), each written into the result, so the
 * temporaries stay bounded whatever the weight's size.
 *
 * <ul>
 *   <li>4-bit: the bytes as uint8 → int32 → embedding lookup in a 256 × 2 table of (code of the high nibble, code
 *       of the low nibble) → {@code [blocks, 64]} times the block scales.
 *   <li>int8: int8 → float32, times the row scales, times the factor.
 *   <li>float16: {@code toType(FLOAT32)}.
 *   <li>bfloat16 (which DJL cannot hold): the bytes as uint8 pairs → int32, times (2^16, 2^24), summed: the float32
 *       bit patterns, whose bytes are copied into the float32 result.
 * </ul>
 */
final class DjlWeightDecoder implements WeightDecoder {
    private static final long DEFAULT_CHUNK = 1 << 22;

    private final DjlBackend backend;

    DjlWeightDecoder(DjlBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor fourBit(ByteBuffer packed, float[] table, Tensor blockScales, int unitElements, long[] units) {
        if (table.length != 16 || unitElements <= 0 || unitElements % 64 != 0) {
            throw new IllegalArgumentException("4-bit decoding needs 16 code values and units of a multiple of 64"
                    + " elements, got " + table.length + " values and units of " + unitElements);
        }
        NDArray scales = DjlTensor.nd(blockScales);
        long elements = 2L * packed.remaining();
        long unitCount = elements / unitElements;
        NDManager scope = backend.scopeManager();
        try (NDManager tmp = scope.newSubManager()) {
            NDArray pairs = tmp.create(pairTable(table), new Shape(256, 2));
            if (units == null) {
                long step = Math.max(1, chunk() / unitElements) * unitElements;
                NDArray out = scope.create(new Shape(elements), DataType.FLOAT32);
                for (long from = 0; from < elements; from += step) {
                    long n = Math.min(step, elements - from);
                    try (NDManager c = tmp.newSubManager()) {
                        NDArray codes = view(c, packed, from / 2, n / 2, DataType.UINT8, new Shape(n / 2));
                        NDArray s = scales.get(new NDIndex("{}:{}", from / 64, (from + n) / 64));
                        s.attach(c);
                        out.set(new NDIndex("{}:{}", from, from + n), decode4(codes, pairs, s));
                    }
                }
                return shaped(out, unitCount, unitElements);
            }
            NDArray all =
                    view(tmp, packed, 0, packed.remaining(), DataType.UINT8, new Shape(unitCount, unitElements / 2));
            NDArray ids = tmp.create(units);
            NDArray codes = all.get(new NDIndex("{}", ids));
            NDArray s = scales.reshape(unitCount, unitElements / 64);
            s.attach(tmp);
            NDArray picked = s.get(new NDIndex("{}", ids));
            picked.attach(tmp);
            NDArray r = decode4(codes.reshape(-1), pairs, picked.reshape(-1)).reshape(units.length, unitElements);
            return keep(r, scope);
        }
    }

    /** Elements per chunk, read at each call (so a test can make chunks small). */
    private static long chunk() {
        return Math.max(64, Long.getLong("lxt4j.widenChunkElements", DEFAULT_CHUNK));
    }

    /** {@code codes} uint8 [m], {@code scales} float32 [m / 32] → float32 [m * 2], in the codes' manager. */
    private static NDArray decode4(NDArray codes, NDArray pairs, NDArray scales) {
        NDArray idx = codes.toType(DataType.INT32, false);
        NDArray v = JniUtils.embedding((PtNDArray) idx, (PtNDArray) pairs, false);
        v.attach(codes.getManager());
        long blocks = scales.size();
        return v.reshape(blocks, 64).muli(scales.reshape(blocks, 1)).reshape(blocks * 64);
    }

    private static float[] pairTable(float[] table) {
        float[] pairs = new float[512];
        for (int b = 0; b < 256; b++) {
            pairs[2 * b] = table[b >> 4];
            pairs[2 * b + 1] = table[b & 0xF];
        }
        return pairs;
    }

    @Override
    public Tensor int8(ByteBuffer codes, Tensor rowScales, float factor, int cols, long[] rows) {
        NDArray scales = DjlTensor.nd(rowScales);
        return rowWise(codes, 1, cols, rows, (c, q, from, n) -> {
            NDArray s = scales.get(rows == null ? new NDIndex("{}:{}", from, from + n) : new NDIndex("{}", q.ids));
            s.attach(c);
            NDArray v = view(c, q.bytes, 0, q.bytes.remaining(), DataType.INT8, new Shape(n, cols));
            return v.toType(DataType.FLOAT32, false).muli(s.reshape(n, 1)).muli(factor);
        });
    }

    @Override
    public Tensor half(ByteBuffer littleEndian, DType stored, int cols, long[] rows) {
        if (stored != DType.FLOAT16 && stored != DType.BFLOAT16) {
            throw new IllegalArgumentException("16-bit decoding of " + stored + ": expected FLOAT16 or BFLOAT16");
        }
        return rowWise(littleEndian, 2, cols, rows, (c, q, from, n) -> {
            if (stored == DType.FLOAT16) {
                return view(c, q.bytes, 0, q.bytes.remaining(), DataType.FLOAT16, new Shape(n, cols))
                        .toType(DataType.FLOAT32, false);
            }
            NDArray pairs = view(c, q.bytes, 0, q.bytes.remaining(), DataType.UINT8, new Shape(n * cols, 2));
            NDArray shifts = c.create(new int[] {1 << 16, 1 << 24}, new Shape(1, 2));
            NDArray wide = pairs.toType(DataType.INT32, false).muli(shifts);
            NDArray bits = wide.get(new NDIndex(":, 0")).add(wide.get(new NDIndex(":, 1")));
            bits.attach(c);
            ByteBuffer raw = bits.toByteBuffer(true).order(ByteOrder.nativeOrder());
            return c.create(raw, new Shape(n, cols), DataType.FLOAT32);
        });
    }

    /** The stored bytes of a chunk of rows, or of the picked rows (gathered first). */
    private static final class Rows {
        final ByteBuffer bytes;
        final NDArray ids;

        Rows(ByteBuffer bytes, NDArray ids) {
            this.bytes = bytes;
            this.ids = ids;
        }
    }

    private interface RowDecode {
        /** FLOAT32 [n, cols] for the {@code n} rows in {@code q}, the first at {@code from} when chunking. */
        NDArray decode(NDManager c, Rows q, long from, long n);
    }

    private Tensor rowWise(ByteBuffer stored, int bytesPerElement, int cols, long[] rows, RowDecode body) {
        long rowBytes = (long) cols * bytesPerElement;
        long rowCount = cols == 0 ? 0 : stored.remaining() / rowBytes;
        NDManager scope = backend.scopeManager();
        if (rows == null) {
            NDArray out = scope.create(new Shape(rowCount, cols), DataType.FLOAT32);
            long step = Math.max(1, chunk() / Math.max(1, cols));
            for (long from = 0; from < rowCount; from += step) {
                long n = Math.min(step, rowCount - from);
                try (NDManager c = scope.newSubManager()) {
                    ByteBuffer part = slice(stored, from * rowBytes, n * rowBytes);
                    out.set(new NDIndex("{}:{}", from, from + n), body.decode(c, new Rows(part, null), from, n));
                }
            }
            return backend.wrap(out);
        }
        try (NDManager c = scope.newSubManager()) {
            NDArray all = view(c, stored, 0, stored.remaining(), DataType.UINT8, new Shape(rowCount, rowBytes));
            NDArray ids = c.create(rows);
            NDArray picked = all.get(new NDIndex("{}", ids));
            ByteBuffer bytes = picked.toByteBuffer(true);
            // copied into a result of its own: a decoded bf16 tensor is a view of a temporary's memory
            NDArray out = scope.create(new Shape(rows.length, cols), DataType.FLOAT32);
            out.set(new NDIndex(":"), body.decode(c, new Rows(bytes, ids), 0, rows.length));
            return backend.wrap(out);
        }
    }

    @Override
    public Tensor byteCodes(ByteBuffer codes, float[] table) {
        if (table.length != 256) {
            throw new IllegalArgumentException("an 8-bit code book has 256 values, got " + table.length);
        }
        NDManager scope = backend.scopeManager();
        long n = codes.remaining();
        try (NDManager c = scope.newSubManager()) {
            NDArray t = c.create(table, new Shape(256, 1));
            NDArray idx = view(c, codes, 0, n, DataType.UINT8, new Shape(n)).toType(DataType.INT32, false);
            NDArray v = JniUtils.embedding((PtNDArray) idx, (PtNDArray) t, false);
            v.attach(c);
            return keep(v.reshape(n), scope);
        }
    }

    @Override
    public Tensor floats(FloatBuffer values, long... shape) {
        FloatBuffer v = values.slice();
        return backend.wrap(backend.scopeManager().create(v, new Shape(shape), DataType.FLOAT32));
    }

    /** A tensor over {@code length} bytes of {@code b} from {@code offset} (relative to its position). */
    private static NDArray view(NDManager m, ByteBuffer b, long offset, long length, DataType type, Shape shape) {
        return m.create(slice(b, offset, length), shape, type);
    }

    private static ByteBuffer slice(ByteBuffer b, long offset, long length) {
        return b.slice(b.position() + Math.toIntExact(offset), Math.toIntExact(length))
                .order(ByteOrder.nativeOrder());
    }

    private Tensor shaped(NDArray flat, long rows, long cols) {
        NDArray r = flat.reshape(rows, cols);
        flat.close();
        return backend.wrap(r);
    }

    /** Moves {@code r} (a temporary's view, say) to {@code scope}, so that closing the temporaries keeps it. */
    private Tensor keep(NDArray r, NDManager scope) {
        r.attach(scope);
        return backend.wrap(r);
    }
}
