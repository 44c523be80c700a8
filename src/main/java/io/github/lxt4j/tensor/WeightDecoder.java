package io.github.lxt4j.tensor;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A backend's vectorised decoders for the stored forms of weights (package {@code tensor.storage}): they read the
 * stored bytes where they lie (a direct or memory-mapped buffer is not copied through the Java heap) and produce
 * FLOAT32 tensors with the engine's own operations, never one element at a time in Java. Every result equals the
 * Java reference decode of the storage classes bit for bit. Results are created in the current {@link TensorScope}.
 *
 * <p>Buffers are read from their position to their limit and never written.
 */
public interface WeightDecoder {

    /**
     * 4-bit codes to FLOAT32 {@code [units, unitElements]}. Element {@code e} of the flattened weight is {@code
     * table[nibble(e)] · blockScales[e / 64]}, where {@code nibble(e)} is the high half of byte {@code e / 2} for
     * even {@code e} and its low half for odd {@code e} (bitsandbytes' packing). The weight is cut into units of
     * {@code unitElements} consecutive elements (a multiple of 64); {@code units} picks which, in that order, or is
     * null for all of them.
     *
     * @param packed two codes per byte
     * @param table the 16 code values
     * @param blockScales FLOAT32 {@code [elements / 64]}
     */
    Tensor fourBit(ByteBuffer packed, float[] table, Tensor blockScales, int unitElements, long[] units);

    /**
     * Row-major int8 codes {@code [rows, cols]} to FLOAT32 {@code [rows.length, cols]} (all rows when {@code rows}
     * is null): {@code (q · rowScales[r]) · factor}, both products rounded to float32 in that order.
     */
    Tensor int8(ByteBuffer codes, Tensor rowScales, float factor, int cols, long[] rows);

    /**
     * Little-endian BFLOAT16 or FLOAT16 values {@code [rows, cols]} to FLOAT32 {@code [rows.length, cols]} (all rows
     * when {@code rows} is null), exactly.
     */
    Tensor half(ByteBuffer littleEndian, DType stored, int cols, long[] rows);

    /** FLOAT32 {@code [n]} for {@code n} unsigned byte codes: {@code table[code]} (a 256-value code book). */
    Tensor byteCodes(ByteBuffer codes, float[] table);

    /** A FLOAT32 tensor of {@code shape} holding {@code values} from position to limit. */
    Tensor floats(FloatBuffer values, long... shape);
}
