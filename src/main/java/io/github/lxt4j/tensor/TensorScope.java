package io.github.lxt4j.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Owner of native memory. Every tensor a backend creates belongs to the scope that is current on the creating
 * thread; closing the scope frees them all. Scopes nest as a per-thread stack: {@link #open()} pushes,
 * {@link #close()} pops. {@link #keep} hands a tensor to the enclosing scope, {@link #adopt} takes one into this
 * scope. A {@link #detached()} scope is never current and is used for long-lived tensors such as model weights.
 */
public final class TensorScope implements AutoCloseable {

    private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

    private final TensorScope parent;
    private final boolean onStack;
    private final Set<ScopedTensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Object, AutoCloseable> resources = new LinkedHashMap<>();
    private boolean closed;

    private TensorScope(TensorScope parent, boolean onStack) {
        this.parent = parent;
        this.onStack = onStack;
    }

    /** Opens a scope nested in the current one and makes it current. */
    public static TensorScope open() {
        TensorScope s = new TensorScope(CURRENT.get(), true);
        CURRENT.set(s);
        return s;
    }

    /** A scope that is not on the thread's stack; tensors enter it only through {@link #adopt}. */
    public static TensorScope detached() {
        return new TensorScope(null, false);
    }

    /** The current scope of this thread. */
    public static TensorScope current() {
        TensorScope s = CURRENT.get();
        if (s == null) {
            throw new IllegalStateException("no TensorScope is open on thread '"
                    + Thread.currentThread().getName()
                    + "': wrap tensor work in try (TensorScope scope = TensorScope.open()) { ... }");
        }
        return s;
    }

    public static boolean isOpen() {
        return CURRENT.get() != null;
    }

    /** Runs {@code body} with this (detached) scope as the current one, so that what it creates lands here. */
    public <T> T within(Supplier<T> body) {
        TensorScope previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    /** A per-scope backend resource (for example a DJL sub-manager), created on first use, closed with the scope. */
    public <R extends AutoCloseable> R resource(Object key, Supplier<R> factory) {
        checkOpen();
        @SuppressWarnings("unchecked")
        R r = (R) resources.computeIfAbsent(key, k -> factory.get());
        return r;
    }

    void register(ScopedTensor t) {
        checkOpen();
        owned.add(t);
        t.setOwner(this);
    }

    void forget(ScopedTensor t) {
        owned.remove(t);
    }

    /** Moves {@code t} to the enclosing scope, so it outlives this one. */
    public <T extends Tensor> T keep(T t) {
        if (parent == null) {
            throw new IllegalStateException("keep(): this scope has no enclosing scope; use adopt() on a target scope");
        }
        return parent.adopt(t);
    }

    /** Takes ownership of {@code t}, whichever scope owned it before. */
    public <T extends Tensor> T adopt(T t) {
        checkOpen();
        ScopedTensor st = (ScopedTensor) t;
        TensorScope old = st.owner();
        if (old == this) {
            return t;
        }
        if (old != null) {
            old.forget(st);
        }
        owned.add(st);
        st.setOwner(this);
        st.movedTo(this);
        return t;
    }

    /** Moves every tensor this scope owns to {@code target} (e.g. a detached scope's tensors to the current one). */
    public void handOverTo(TensorScope target) {
        checkOpen();
        for (ScopedTensor t : new ArrayList<>(owned)) {
            target.adopt(t);
        }
    }

    /**
     * The bytes of the tensors this scope owns: elements × element size, views ({@link Tensor#isView()}) left out.
     * A view that a backend does not mark (a reshape, a slice) counts as a tensor of its own, so this is an upper
     * bound of the memory they hold.
     */
    public long bytes() {
        long sum = 0;
        for (ScopedTensor t : owned) {
            if (!t.isClosed() && !t.isView()) {
                sum += t.numel() * t.dtype().bytes();
            }
        }
        return sum;
    }

    public boolean owns(Tensor t) {
        return owned.contains(t);
    }

    public int size() {
        return owned.size();
    }

    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TensorScope is already closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (onStack && CURRENT.get() != this) {
            throw new IllegalStateException("TensorScopes must be closed innermost first");
        }
        closed = true;
        List<ScopedTensor> toFree = new ArrayList<>(owned);
        owned.clear();
        for (int i = toFree.size() - 1; i >= 0; i--) {
            toFree.get(i).release();
        }
        List<AutoCloseable> rs = new ArrayList<>(resources.values());
        resources.clear();
        for (int i = rs.size() - 1; i >= 0; i--) {
            try {
                rs.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("failed to close a scope resource", e);
            }
        }
        if (onStack) {
            CURRENT.set(parent);
        }
    }
}
