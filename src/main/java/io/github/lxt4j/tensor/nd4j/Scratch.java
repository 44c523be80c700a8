package io.github.lxt4j.tensor.nd4j;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Buffer ownership for one ND4J operation. ND4J returns arrays that share memory with their source without saying so
 * ({@code permute} of a fresh array and a full-range {@code get} report {@code isView() == false} and
 * {@code closeable() == true}), so aliasing is decided by comparing native address ranges.
 * <ul>
 *   <li>{@link #tmp} registers an intermediate; {@link #close} frees the ones that alias no input and no result.</li>
 *   <li>{@link #result} turns an array into one that a tensor may own: exclusive, c-ordered, default strides.</li>
 * </ul>
 */
final class Scratch implements AutoCloseable {

    private final INDArray[] inputs;
    private final List<INDArray> temps = new ArrayList<>();
    private final List<INDArray> results = new ArrayList<>(2);

    Scratch(INDArray... inputs) {
        this.inputs = inputs;
    }

    /** Registers an intermediate (which may be an input itself or a view of one: those are never freed). */
    INDArray tmp(INDArray a) {
        temps.add(a);
        return a;
    }

    /** An exclusively owned, contiguous version of {@code r}: copied when it aliases an input or intermediate. */
    INDArray result(INDArray r) {
        boolean alias = r.isView() || aliasesAny(r, inputs) || aliasesAny(r, results);
        for (INDArray t : temps) {
            if (t != r && aliases(r, t)) {
                alias = true;
            }
        }
        INDArray out = r;
        if (alias || !isOwnedContiguous(r)) {
            out = r.dup('c');
            temps.add(r);
        }
        final INDArray owned = out;
        temps.removeIf(t -> t == owned);
        results.add(out);
        return out;
    }

    @Override
    public void close() {
        List<INDArray> freed = new ArrayList<>();
        for (INDArray t : temps) {
            if (t.wasClosed() || aliasesAny(t, inputs) || aliasesAny(t, results) || aliasesAny(t, freed)) {
                continue;
            }
            if (t.closeable()) {
                freed.add(t);
            }
        }
        for (INDArray t : freed) {
            t.close();
        }
    }

    static boolean isOwnedContiguous(INDArray r) {
        if (r.isEmpty()) {
            return !r.isView();
        }
        return !r.isView() && r.offset() == 0 && isRowMajor(r) && r.data().length() == r.length();
    }

    /** Row-major layout; strides of size-1 axes do not matter (ND4J fills them in inconsistently). */
    static boolean isRowMajor(INDArray r) {
        long[] shape = r.shape();
        long[] stride = r.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private static boolean aliasesAny(INDArray a, INDArray[] others) {
        for (INDArray o : others) {
            if (aliases(a, o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean aliasesAny(INDArray a, List<INDArray> others) {
        for (INDArray o : others) {
            if (aliases(a, o)) {
                return true;
            }
        }
        return false;
    }

    /** Whether two arrays may share native memory (conservative: whole buffer ranges from the base address). */
    static boolean aliases(INDArray a, INDArray b) {
        if (a == b) {
            return true;
        }
        if (a.isEmpty() || b.isEmpty() || a.wasClosed() || b.wasClosed()) {
            return false;
        }
        DataBuffer da = a.data();
        DataBuffer db = b.data();
        if (da == null || db == null) {
            return false;
        }
        if (da == db) {
            return true;
        }
        long a0 = da.address();
        long a1 = a0 + (da.offset() + da.length()) * da.getElementSize();
        long b0 = db.address();
        long b1 = b0 + (db.offset() + db.length()) * db.getElementSize();
        return a0 < b1 && b0 < a1;
    }
}
