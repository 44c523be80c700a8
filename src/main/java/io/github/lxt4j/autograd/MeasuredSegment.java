package io.github.lxt4j.autograd;

import io.github.lxt4j.tensor.TensorScope;
import java.util.function.Function;

/**
 * A segment recorded on the current tape with its tensors in a scope of their own, so that the bytes its tape keeps
 * are known before it is committed: {@link #keep} hands them to the enclosing scope (the segment is then an ordinary
 * part of the tape), {@link #undo} drops its ops from the tape and frees them. The memory budget's probe
 * ({@link TapePlan}).
 */
public final class MeasuredSegment {

    private final Tape tape;
    private final int mark;
    private final TensorScope scope;
    private final Var output;
    private boolean done;

    private MeasuredSegment(Tape tape, int mark, TensorScope scope, Var output) {
        this.tape = tape;
        this.mark = mark;
        this.scope = scope;
        this.output = output;
    }

    /** Runs {@code segment} on {@code input}, recorded on the tape recording on this thread. */
    public static MeasuredSegment run(Function<Var, Var> segment, Var input) {
        Tape tape = Tape.recordingTape();
        if (tape == null) {
            throw new IllegalStateException("a measured segment runs while a tape records");
        }
        int mark = tape.size();
        TensorScope scope = TensorScope.detached();
        try {
            Var out = scope.within(() -> segment.apply(input));
            return new MeasuredSegment(tape, mark, scope, out);
        } catch (RuntimeException | Error e) {
            tape.rewind(mark);
            scope.close();
            throw e;
        }
    }

    /** The segment's output; valid after {@link #keep}. */
    public Var output() {
        return output;
    }

    /** The bytes of the tensors the segment made (its tape's saved tensors and its output), an upper bound. */
    public long bytes() {
        return scope.bytes();
    }

    /** Commits the segment: its tensors move to the current scope and its ops stay on the tape. */
    public Var keep() {
        finish();
        scope.handOverTo(TensorScope.current());
        scope.close();
        return output;
    }

    /** Drops the segment's ops from the tape and frees its tensors, as if it had never run. */
    public void undo() {
        finish();
        tape.rewind(mark);
        scope.close();
    }

    private void finish() {
        if (done) {
            throw new IllegalStateException("the segment was already kept or undone");
        }
        done = true;
    }
}
