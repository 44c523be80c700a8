package io.github.lxt4j.cli;

import io.github.lxt4j.MemorySize;
import io.github.lxt4j.autograd.MemoryBudget;
import picocli.CommandLine.Option;

/**
 * {@code --memory-budget SIZE}: the bound on the process's resident memory during a decoder explanation; the layers
 * keep their tapes while they fit, the rest are recomputed. {@code --checkpoint} is budget 0; the two together are
 * refused.
 */
final class MemoryOptions {

    @Option(
            names = "--memory-budget",
            paramLabel = "SIZE",
            description = "Decoder LMs: keep the resident memory of an explanation within SIZE (9g, 9GiB, 512M or"
                    + " bytes): layers keep their tapes while they fit, the rest are recomputed in the relevance"
                    + " pass (same relevance). Default: auto, from the memory available. 0 is --checkpoint.")
    String budget;

    /** {@code --memory-budget} as given, {@link MemoryBudget#auto()} when absent; refused with {@code --checkpoint}. */
    MemoryBudget given(boolean checkpoint) {
        if (budget == null) {
            return MemoryBudget.auto();
        }
        if (checkpoint) {
            throw new IllegalArgumentException(
                    "--checkpoint is --memory-budget 0 (every layer recomputed): give one" + " of them, not both");
        }
        return budget.trim().equalsIgnoreCase("auto")
                ? MemoryBudget.auto()
                : MemoryBudget.bytes(MemorySize.parse("--memory-budget", budget));
    }

    /** The budget in effect: 0 with {@code --checkpoint}, else {@link #given}. */
    MemoryBudget effective(boolean checkpoint) {
        MemoryBudget b = given(checkpoint);
        return checkpoint ? MemoryBudget.bytes(0) : b;
    }
}
