package io.github.lxt4j.tensor.storage;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Widened copies of stored weights, kept for reuse while the cache is open on this thread, so that a checkpointed
 * layer's recomputed forward and its relevance pass widen each of its weights once instead of twice. Bounded by a
 * byte budget ({@code -Dlxt4j.widenCacheBytes}, default {@link #DEFAULT_BUDGET}, i.e. off): a weight that does not
 * fit is widened for each use, as with no cache open. Closing the cache frees every copy it holds.
 *
 * <p>Off by default because it did not pay on DJL: LLaMA-3-8B shapes (4 layers, nf4, seq 128, checkpointed) explained
 * in 2.85× a forward without it and 2.95× with a 1 GiB budget, which held 0.68 GiB more. It pays where widening is
 * slow relative to the matmuls (ND4J widens about 20× slower than DJL).
 */
public final class WidenCache implements AutoCloseable {
    /** 0: no copy is kept. 1 GiB would hold one LLaMA-3-8B or Mistral-7B layer in float32 (0.81 GiB). */
    public static final long DEFAULT_BUDGET = 0;

    private static final ThreadLocal<WidenCache> CURRENT = new ThreadLocal<>();

    private final WidenCache previous;
    private final long budget;
    private final TensorScope scope = TensorScope.detached();
    private final Map<StoredWeight, Tensor> widened = new IdentityHashMap<>();
    private long bytes;
    private boolean closed;

    private WidenCache(WidenCache previous, long budget) {
        this.previous = previous;
        this.budget = budget;
    }

    /** Opens a cache on this thread with the budget of {@code -Dlxt4j.widenCacheBytes}. */
    public static WidenCache open() {
        return open(Math.max(0, Long.getLong("lxt4j.widenCacheBytes", DEFAULT_BUDGET)));
    }

    /** Opens a cache on this thread that holds at most {@code budgetBytes} of widened weights. */
    public static WidenCache open(long budgetBytes) {
        WidenCache c = new WidenCache(CURRENT.get(), budgetBytes);
        CURRENT.set(c);
        return c;
    }

    /**
     * {@code w} widened to {@code dtype} on {@code backend}: the cached copy when the innermost open cache holds one
     * or can take it (owned by the cache: never close it), else a fresh copy in the current TensorScope.
     */
    public static Tensor widen(StoredWeight w, Backend backend, DType dtype) {
        WidenCache c = CURRENT.get();
        return c == null ? w.widen(backend, dtype) : c.get(w, backend, dtype);
    }

    private Tensor get(StoredWeight w, Backend backend, DType dtype) {
        Tensor t = widened.get(w);
        if (t != null && t.dtype() == dtype && t.backend().equals(backend)) {
            return t;
        }
        long need = Math.multiplyExact(numel(w), (long) dtype.bytes());
        if (t != null || bytes + need > budget) {
            return w.widen(backend, dtype);
        }
        Tensor copy = scope.within(() -> w.widen(backend, dtype));
        widened.put(w, copy);
        bytes += need;
        return copy;
    }

    private static long numel(StoredWeight w) {
        long n = 1;
        for (long d : w.shape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The bytes of widened weights held now. */
    public long bytes() {
        return bytes;
    }

    /** Frees every cached copy and makes the enclosing cache (if any) current again. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("WidenCache closed out of order: close the innermost cache first");
        }
        closed = true;
        CURRENT.set(previous);
        widened.clear();
        scope.close();
    }
}
