package io.github.lxt4j.autograd;

import io.github.lxt4j.rules.OpKind;
import io.github.lxt4j.rules.Rule;
import io.github.lxt4j.rules.Site;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.tensor.storage.WidenCache;
import java.util.function.Function;

/**
 * Activation checkpointing: a segment keeps only its inputs during the forward pass and recomputes itself, on a
 * nested tape, when the relevance pass reaches it. Relevance is identical to running the segment uncheckpointed;
 * peak memory holds one segment's activations at a time. Relevance of Vars inside the segment is not kept.
 */
public final class Checkpoint extends Op {

    private static final Site SITE = Site.of(OpKind.STRUCTURAL, "checkpoint");

    private Function<Var[], Var[]> segment;
    private Var[] inputs;

    private Checkpoint(Function<Var[], Var[]> segment, Var[] inputs) {
        this.segment = segment;
        this.inputs = inputs;
    }

    /**
     * Runs {@code segment} on {@code inputs}, checkpointed when a tape records and an input needs relevance. With no
     * tape recording, the segment runs in a scope of its own that keeps only its outputs, so a plain forward over
     * many segments holds one segment's intermediates at a time.
     */
    public static Var[] run(Function<Var[], Var[]> segment, Var... inputs) {
        boolean needs = false;
        for (Var v : inputs) {
            needs |= v.requiresGrad();
        }
        if (Tape.recordingTape() == null) {
            Tensor[] outs = scoped(segment, inputs);
            Var[] r = new Var[outs.length];
            for (int i = 0; i < outs.length; i++) {
                r[i] = Var.constant(outs[i]);
            }
            return r;
        }
        if (!needs) {
            return segment.apply(inputs);
        }
        Tensor[] outs = scoped(inputs2 -> Tape.noRecord(() -> segment.apply(inputs2)), inputs);
        return new Checkpoint(segment, inputs.clone()).record(SITE, inputs, outs);
    }

    /** Runs {@code segment} in a scope of its own and moves only its outputs' values to the enclosing scope. */
    private static Tensor[] scoped(Function<Var[], Var[]> segment, Var[] inputs) {
        try (TensorScope s = TensorScope.open()) {
            Var[] r = segment.apply(inputs);
            Tensor[] outs = new Tensor[r.length];
            for (int i = 0; i < r.length; i++) {
                outs[i] = s.keep(r[i].value());
            }
            return outs;
        }
    }

    /** Single-input, single-output convenience form. */
    public static Var run1(Function<Var, Var> segment, Var input) {
        return run(v -> new Var[] {segment.apply(v[0])}, input)[0];
    }

    @Override
    protected Tensor[] backward(Tensor[] outRelevance, Rule rule) {
        Var[] leaves = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].requiresGrad() ? Var.leaf(inputs[i].value()) : Var.constant(inputs[i].value());
        }
        // one widening of each stored weight serves the recomputed forward and the relevance pass of the segment
        try (WidenCache widened = WidenCache.open();
                Tape sub = Tape.record()) {
            Var[] outs = segment.apply(leaves);
            int n = 0;
            for (Tensor r : outRelevance) {
                n += r != null ? 1 : 0;
            }
            Var[] seeded = new Var[n];
            Tensor[] seeds = new Tensor[n];
            for (int i = 0, j = 0; i < outs.length; i++) {
                if (outRelevance[i] != null) {
                    seeded[j] = outs[i];
                    seeds[j++] = outRelevance[i];
                }
            }
            sub.backward(seeded, seeds);
        }
        Tensor[] rel = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            rel[i] = leaves[i].hasGrad() ? leaves[i].takeGrad() : null;
        }
        return rel;
    }

    @Override
    protected void release() {
        segment = null;
        inputs = null;
    }
}
