package io.github.lxt4j.tensor;

import java.util.Arrays;

/**
 * Base of backend tensors: the bookkeeping that ties a tensor to its {@link TensorScope}. A backend implements
 * {@link #freeNative()} and, if it keeps per-scope native resources, {@link #movedTo}.
 */
public abstract class ScopedTensor implements Tensor {

    private TensorScope owner;
    private boolean closed;

    /** Registers this tensor with the current scope. Call once from the backend constructor. */
    protected final void enterCurrentScope() {
        TensorScope.current().register(this);
    }

    final TensorScope owner() {
        return owner;
    }

    final void setOwner(TensorScope s) {
        owner = s;
    }

    /** Called after ownership moved; backends whose natives are tied to a manager re-attach here. */
    protected void movedTo(TensorScope scope) {}

    protected abstract void freeNative();

    final void release() {
        if (!closed) {
            closed = true;
            freeNative();
        }
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    protected final void checkLive() {
        if (closed) {
            throw new IllegalStateException("tensor " + Arrays.toString(shape()) + " was already closed");
        }
    }

    @Override
    public final void close() {
        if (owner != null) {
            owner.forget(this);
            owner = null;
        }
        release();
    }
}
