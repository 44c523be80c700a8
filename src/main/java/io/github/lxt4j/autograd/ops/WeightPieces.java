package io.github.lxt4j.autograd.ops;

import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.StoredWeight;
import java.util.ArrayList;
import java.util.List;

/**
 * The dense map of a {@link StoredWeight} W [out, in] computed on slices of W's rows, each widened, used and freed
 * in turn, so that at most {@link #pieceElements()} widened elements live at once (a 128k-vocabulary
 * {@code lm_head} is 525 M elements, 2.1 GB in float32). A weight that fits in one piece is widened whole.
 */
final class WeightPieces {
    /** Default piece: 2^26 elements (256 MB of float32), more than any block linear of an 8B model. */
    static final long DEFAULT_PIECE = 1L << 26;

    private WeightPieces() {}

    /** The piece size: {@code -Dlxt4j.widenPieceElements=N}, else {@link #DEFAULT_PIECE}. */
    static long pieceElements() {
        return Math.max(1, Long.getLong("lxt4j.widenPieceElements", DEFAULT_PIECE));
    }

    /** Rows per piece, or 0 when the whole weight is one piece. */
    static long rowsPerPiece(StoredWeight w) {
        long[] s = w.shape();
        long rows = Math.max(1, pieceElements() / s[1]);
        return rows >= s[0] ? 0 : rows;
    }

    /** {@code x Wᵀ}, [..., out]. */
    static Tensor apply(Tensor x, StoredWeight w, long rowsPerPiece) {
        long out = w.shape()[0];
        List<Tensor> parts = new ArrayList<>();
        for (long start = 0; start < out; start += rowsPerPiece) {
            long end = Math.min(out, start + rowsPerPiece);
            try (TensorScope piece = TensorScope.open()) {
                parts.add(piece.keep(x.matmulTransposed(rows(w, x, start, end))));
            }
        }
        Tensor z = x.backend().concat(parts, x.rank() - 1);
        parts.forEach(Tensor::close);
        return z;
    }

    /** {@code g W}, [..., in]: the sum over pieces of {@code g[..., rows] W[rows]}. */
    static Tensor adjoint(Tensor g, StoredWeight w, long rowsPerPiece) {
        long out = w.shape()[0];
        int last = g.rank() - 1;
        Tensor sum = null;
        for (long start = 0; start < out; start += rowsPerPiece) {
            long end = Math.min(out, start + rowsPerPiece);
            try (TensorScope piece = TensorScope.open()) {
                Tensor part = g.slice(last, start, end).matmulWeight(rows(w, g, start, end));
                Tensor previous = sum;
                sum = piece.keep(previous == null ? part : previous.add(part));
                if (previous != null) {
                    previous.close();
                }
            }
        }
        return sum;
    }

    private static Tensor rows(StoredWeight w, Tensor like, long start, long end) {
        long[] ids = new long[(int) (end - start)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = start + i;
        }
        return w.widenRows(like.backend(), like.dtype(), ids);
    }
}
