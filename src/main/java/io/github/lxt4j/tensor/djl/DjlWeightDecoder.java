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
 * direct or memory-mapped buffer is read in place, never written). A weight of up to {@code
 * lxt4j.widenChunkElements} elements (system property, default 2^26, the size of {@code WeightPieces}' slices) is
 * decoded at once, the last operation's result being the widened weight; a larger one in chunks of that size, each
 * copied into the result. Few large operations rather than many small ones: each PyTorch operation is a parallel
 * region whose threads must all be scheduled, which costs milliseconds on a loaded machine.
 *
 * <ul>
 *   <li>4-bit: the bytes as uint8 → int32 → embedding lookup in a 256 × 2 table of (code of the high nibble, code
 *       of the low nibble) → {@code [blocks, 64]} times the block scales.
 *   <li>int8: int8 → float32, times the row scales, times the factor.
 *   <li>float16: {@code toType(FLOAT32)}.
 *   <li>bfloat16 (which DJL cannot hold): the 16-bit values copied as FLOAT16 into the high halves of a zeroed
 *       float32 result (see {@link #bf16}).
 * </ul>
 */
final class DjlWeightDecoder implements WeightDecoder {
    private static final long DEFAULT_CHUNK = 1 << 26;

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
            if (units == null && elements <= chunk()) {
                NDArray codes = view(tmp, packed, 0, packed.remaining(), DataType.UINT8, new Shape(elements / 2));
                return keep(decode4(codes, pairs, scales).reshape(unitCount, unitElements), scope);
            }
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
                NDArray r = out.reshape(unitCount, unitElements);
                out.close();
                return backend.wrap(r);
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

    /** Elements decoded at once; larger weights go in chunks of this size (read at each call, for tests). */
    private static long chunk() {
        return Math.max(64, Long.getLong("lxt4j.widenChunkElements", DEFAULT_CHUNK));
    }

    /**
     * {@code codes} uint8 [m], {@code scales} float32 [m / 32] → float32 [m * 2] in the codes' manager: three
     * operations (cast, lookup, in-place scaling), the lookup's result being the result.
     */
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
        return rowWise(codes, 1, cols, rows, (c, bytes, ids, from, n) -> {
            NDArray s = scales.get(ids == null ? new NDIndex("{}:{}", from, from + n) : new NDIndex("{}", ids));
            s.attach(c);
            NDArray v = view(c, bytes, 0, bytes.remaining(), DataType.INT8, new Shape(n, cols));
            return v.toType(DataType.FLOAT32, false).muli(s.reshape(n, 1)).muli(factor);
        });
    }

    @Override
    public Tensor half(ByteBuffer littleEndian, DType stored, int cols, long[] rows) {
        if (stored != DType.FLOAT16 && stored != DType.BFLOAT16) {
            throw new IllegalArgumentException("16-bit decoding of " + stored + ": expected FLOAT16 or BFLOAT16");
        }
        return rowWise(littleEndian, 2, cols, rows, (c, bytes, ids, from, n) -> {
            if (stored == DType.FLOAT16) {
                return view(c, bytes, 0, bytes.remaining(), DataType.FLOAT16, new Shape(n, cols))
                        .toType(DataType.FLOAT32, false);
            }
            return bf16(c, bytes, n, cols);
        });
    }

    /**
     * bfloat16 → float32 without arithmetic: a float32's bits are the bfloat16's in its high half and zeros in its
     * low half, so the result is made of zeros and the 16-bit values are copied into the high halves through a
     * FLOAT16 alias of its memory ({@code [count, 2]}, column 1 on a little-endian machine). A copy between FLOAT16
     * tensors moves the bits unchanged.
     */
    private static NDArray bf16(NDManager c, ByteBuffer bytes, long rows, int cols) {
        long count = rows * cols;
        NDArray out = c.zeros(new Shape(rows, cols), DataType.FLOAT32);
        ByteBuffer mem = out.toByteBuffer(true).order(ByteOrder.nativeOrder());
        NDArray halves = c.create(mem, new Shape(count, 2), DataType.FLOAT16);
        NDArray src = view(c, bytes, 0, bytes.remaining(), DataType.FLOAT16, new Shape(count));
        halves.set(new NDIndex(HIGH_HALF), src);
        return out;
    }

    /** The column of the high 16 bits of a float32 seen as two 16-bit halves. */
    private static final String HIGH_HALF = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ":, 1" : ":, 0";

    private interface RowDecode {
        /**
         * FLOAT32 [n, cols], owning its memory, in {@code c}, for the {@code n} rows whose stored bytes are
         * {@code bytes}: rows {@code from ..} of the weight, or the rows {@code ids} (gathered) when not null.
         */
        NDArray decode(NDManager c, ByteBuffer bytes, NDArray ids, long from, long n);
    }

    private Tensor rowWise(ByteBuffer stored, int bytesPerElement, int cols, long[] rows, RowDecode body) {
        long rowBytes = (long) cols * bytesPerElement;
        long rowCount = cols == 0 ? 0 : stored.remaining() / rowBytes;
        NDManager scope = backend.scopeManager();
        if (rows != null) {
            try (NDManager c = scope.newSubManager()) {
                NDArray all = view(c, stored, 0, stored.remaining(), DataType.UINT8, new Shape(rowCount, rowBytes));
                NDArray ids = c.create(rows);
                NDArray picked = all.get(new NDIndex("{}", ids));
                picked.attach(c);
                ByteBuffer bytes = picked.toByteBuffer(true);
                return keep(body.decode(c, bytes, ids, 0, rows.length), scope);
            }
        }
        long step = Math.max(1, chunk() / Math.max(1, cols));
        if (rowCount <= step) {
            try (NDManager c = scope.newSubManager()) {
                return keep(body.decode(c, stored, null, 0, rowCount), scope);
            }
        }
        NDArray out = scope.create(new Shape(rowCount, cols), DataType.FLOAT32);
        for (long from = 0; from < rowCount; from += step) {
            long n = Math.min(step, rowCount - from);
            try (NDManager c = scope.newSubManager()) {
                ByteBuffer part = slice(stored, from * rowBytes, n * rowBytes);
                out.set(new NDIndex("{}:{}", from, from + n), body.decode(c, part, null, from, n));
            }
        }
        return backend.wrap(out);
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

    /** Moves {@code r} (a temporary's view, say) to {@code scope}, so that closing the temporaries keeps it. */
    private Tensor keep(NDArray r, NDManager scope) {
        r.attach(scope);
        return backend.wrap(r);
    }
}
