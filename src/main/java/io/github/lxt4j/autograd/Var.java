package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * A value on the tape plus its relevance. After {@link #backward}, {@link #grad()} holds the relevance that reached
 * this Var (the "gradient" field, as in LXT); with the {@code Gradient} rule it is the plain gradient. Leaves and
 * Vars marked {@link #retainGrad()} keep it; other intermediates drop theirs once consumed, unless the tape was
 * opened with {@link Tape#retainAll()}.
 */
public final class Var {

    private final Tensor value;
    private boolean requiresGrad;
    private boolean retain;
    private Node creator;
    private Tensor grad;
    private String name;

    Var(Tensor value, boolean requiresGrad, Node creator) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.creator = creator;
    }

    /** A constant: no relevance is computed for it. */
    public static Var constant(Tensor value) {
        return new Var(value, false, null);
    }

    /** A leaf that collects relevance. */
    public static Var leaf(Tensor value) {
        return new Var(value, true, null);
    }

    public Tensor value() {
        return value;
    }

    public long[] shape() {
        return value.shape();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this leaf as collecting relevance; returns {@code this}, as torch's requires_grad_(). */
    public Var requireGrad() {
        if (creator != null) {
            throw new IllegalStateException("requireGrad() applies to leaves; this Var was computed by "
                    + creator.describe() + " (use retainGrad() to read an intermediate's relevance)");
        }
        requiresGrad = true;
        retain = true;
        return this;
    }

    /** Keeps this intermediate's relevance after backward (latent relevance). */
    public Var retainGrad() {
        retain = true;
        return this;
    }

    boolean retains() {
        return retain || creator == null;
    }

    Node creator() {
        return creator;
    }

    public Var named(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    public boolean hasGrad() {
        return grad != null;
    }

    /** The relevance at this Var; throws if no relevance reached it. */
    public Tensor grad() {
        if (grad == null) {
            throw new IllegalStateException("no relevance reached " + this + ": run backward() first, make sure the"
                    + " target depends on it, and call retainGrad() on intermediates before the forward pass");
        }
        return grad;
    }

    void accumulate(Tensor r) {
        if (grad == null) {
            grad = r;
        } else {
            Tensor sum = grad.add(r);
            grad.close();
            r.close();
            grad = sum;
        }
    }

    void setGrad(Tensor g) {
        this.grad = g;
    }

    /** Clears the relevance (the tensor is freed). */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Detaches the relevance from this Var and hands it to the caller, who then owns it. */
    Tensor takeGrad() {
        Tensor g = grad;
        grad = null;
        return g;
    }

    /** Runs the relevance pass from this Var, seeded with {@code seed} (LXT: {@code y.backward(y)}). */
    public void backward(Tensor seed) {
        Tape tape = creator != null ? creator.tape() : null;
        if (tape == null) {
            throw new IllegalStateException("backward(): " + this + " was not computed on a recording Tape"
                    + " (open one with Tape.record() and mark the inputs with requireGrad())");
        }
        tape.backward(new Var[] {this}, new Tensor[] {seed});
    }

    /** Seeds with this Var's own value: relevance then sums to about the value (LXT's {@code y.backward(y)}). */
    public void backward(Var seed) {
        backward(seed.value());
    }

    /** Seeds with ones: the relevance pass of a sum over this Var. */
    public void backward() {
        backward(value.onesLike());
    }

    @Override
    public String toString() {
        return "Var" + (name == null ? "" : "(" + name + ")") + Arrays.toString(value.shape())
                + (creator == null ? "" : " from " + creator.describe());
    }
}
