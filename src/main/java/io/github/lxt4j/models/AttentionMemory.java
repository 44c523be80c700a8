package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.MemorySize;
import io.github.lxt4j.ProcessMemory;
import io.github.lxt4j.autograd.MemoryBudget;

/**
 * Refuses, before anything is allocated, a pass that cannot fit: attention grows with the square of the length, so a
 * long input exhausts memory long before its tokens do. The estimate counts the [B, heads, T, T] scores and weights
 * each kept layer holds on the tape, plus the few [B, heads, T, T] temporaries of one layer's forward or relevance
 * pass, plus each layer's [B, T, hidden] input. It leaves out the rest of a layer's activations, so it refuses only
 * what cannot fit. Under a memory budget that is not unlimited the layers keep their tapes only while they fit
 * (models' decoder loop, {@code TapePlan}), so only the pass with every layer recomputed must fit: into Linux's
 * {@code MemAvailable} (no check where it cannot be read) and, for an explicit budget, into the budget less the
 * resident memory now.
 */
public final class AttentionMemory {
    /** [B, heads, T, T] tensors a recorded layer keeps: the scores and the softmax weights. */
    private static final int KEPT_PER_LAYER = 2;
    /** [B, heads, T, T] temporaries alive at once in one layer's forward or relevance pass. */
    private static final int TRANSIENT = 3;

    private AttentionMemory() {}

    /**
     * Bytes of the attention matrices of one pass (saturating at {@link Long#MAX_VALUE}).
     *
     * @param keptLayers layers whose matrices stay on the tape (0 with checkpointing or no tape)
     */
    public static long estimate(long batch, long heads, long length, int keptLayers, int bytesPerValue) {
        double values = (double) batch * heads * length * length * (KEPT_PER_LAYER * (double) keptLayers + TRANSIENT);
        double bytes = values * bytesPerValue;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** {@link #check(Pass, MemoryBudget, ProcessMemory)} on this machine's memory. */
    public static void check(Pass pass, MemoryBudget budget) {
        check(pass, budget, ProcessMemory.system());
    }

    /**
     * @param budget the pass's budget, null when no tape records
     * @throws InsufficientMemoryException naming the input, the estimate, the memory available or budgeted and what
     *     would fit
     */
    public static void check(Pass pass, MemoryBudget budget, ProcessMemory memory) {
        boolean recorded = budget != null;
        boolean keepsAll = recorded && budget.isUnlimited();
        long inputs = recorded ? saturating((double) pass.layers() * pass.inputBytes()) : 0;
        long need = saturating((double) pass.attention(keepsAll ? pass.layers() : 0) + inputs);
        if (recorded && budget.isExplicit() && !budget.recomputesAll()) {
            long resident = memory.resident();
            if (resident >= 0 && resident + need > budget.limit()) {
                throw new InsufficientMemoryException(String.format(
                        "%s needs at least %s (the attention matrices of one recomputed layer and each of the %d"
                                + " layers' inputs) above the %s the process holds now, more than the memory budget"
                                + " of %s allows; raise --memory-budget to at least %s, or explain shorter inputs or"
                                + " fewer rows",
                        pass.describe(),
                        gib(need),
                        pass.layers(),
                        gib(resident),
                        gib(budget.limit()),
                        gib(resident + need)));
            }
        }
        long available = memory.available();
        if (available > 0 && need > available) {
            long checkpointed = saturating((double) pass.attention(0) + inputs);
            throw new InsufficientMemoryException(String.format(
                    "%s needs about %s for the attention matrices of %d layers (%d heads), but %s of memory is"
                            + " available; explain shorter inputs or fewer rows%s",
                    pass.describe(),
                    gib(need),
                    pass.layers(),
                    pass.heads(),
                    gib(available),
                    keepsAll && checkpointed <= available
                            ? ", or leave the memory budget to lxt4j (or --checkpoint), which needs about "
                                    + gib(checkpointed)
                            : ""));
        }
    }

    /**
     * The shape of a decoder pass, for the estimate.
     *
     * @param inputBytes one layer's [B, T, hidden] input
     */
    public record Pass(long batch, long heads, long length, int layers, long inputBytes, int bytesPerValue) {
        long attention(int keptLayers) {
            return estimate(batch, heads, length, keptLayers, bytesPerValue);
        }

        String describe() {
            return String.format("a batch of %d × %d tokens", batch, length);
        }
    }

    private static long saturating(double bytes) {
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    private static String gib(long bytes) {
        return MemorySize.format(bytes);
    }

    /** A pass that would not fit the memory available or budgeted. */
    public static final class InsufficientMemoryException extends Lxt4jException {
        public InsufficientMemoryException(String message) {
            super(message);
        }
    }
}
