package io.github.lxt4j.autograd;

import io.github.lxt4j.MemorySize;

/**
 * How much resident memory an explanation may hold, which decides how many layers keep their tapes and how many are
 * recomputed in the relevance pass ({@link TapePlan}). {@link #auto()}: whatever the machine has available, less a
 * reserve; {@link #bytes} 0: every layer recomputed (per-layer checkpointing); {@link #unlimited()}: every layer kept
 * whatever the memory.
 *
 * @param limit the bound on the process's resident set in bytes, or {@link #AUTO} or {@link #UNLIMITED}
 */
public record MemoryBudget(long limit) {
    /** {@link #limit} of {@link #auto()}. */
    public static final long AUTO = -1;
    /** {@link #limit} of {@link #unlimited()}. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public MemoryBudget {
        if (limit < 0 && limit != AUTO) {
            throw new IllegalArgumentException("a memory budget must be >= 0 bytes, got " + limit);
        }
    }

    /** A budget from the memory available when each layer is reached (the default). */
    public static MemoryBudget auto() {
        return new MemoryBudget(AUTO);
    }

    /** At most {@code bytes} of resident memory (0: recompute every layer). */
    public static MemoryBudget bytes(long bytes) {
        return new MemoryBudget(bytes);
    }

    /** Every layer keeps its tape, whatever that costs (no layer is recomputed). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(UNLIMITED);
    }

    public boolean isAuto() {
        return limit == AUTO;
    }

    public boolean isUnlimited() {
        return limit == UNLIMITED;
    }

    /** Whether this budget is an explicit number of bytes (0 included). */
    public boolean isExplicit() {
        return !isAuto() && !isUnlimited();
    }

    /** Budget 0: per-layer checkpointing of every layer. */
    public boolean recomputesAll() {
        return limit == 0;
    }

    @Override
    public String toString() {
        if (isAuto()) {
            return "auto";
        }
        if (recomputesAll()) {
            return "0 (every layer recomputed)";
        }
        return isUnlimited() ? "unlimited" : MemorySize.format(limit);
    }
}
