package io.github.lxt4j.models;

import io.github.lxt4j.Lxt4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses, before anything is allocated, a pass whose attention matrices would not fit the memory the machine has
 * free: attention grows with the square of the length, so a long input exhausts memory long before its tokens do.
 * The estimate counts the [B, heads, T, T] scores and weights each layer keeps on the tape, plus the few
 * [B, heads, T, T] temporaries of the relevance pass (with per-layer checkpointing or no tape: one layer's). It
 * leaves out weights and [B, T, hidden] activations, so it refuses only what cannot fit; the available memory is
 * Linux's {@code MemAvailable} (no check where it cannot be read).
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

    /**
     * @throws InsufficientMemoryException naming the length, the estimate, the memory available and what would fit
     */
    public static void check(long batch, long heads, long length, int layers, boolean recorded, int bytesPerValue) {
        long available = available();
        if (available <= 0) {
            return;
        }
        long need = estimate(batch, heads, length, recorded ? layers : 0, bytesPerValue);
        if (need > available) {
            long checkpointed = estimate(batch, heads, length, 0, bytesPerValue);
            throw new InsufficientMemoryException(String.format(
                    "a batch of %d × %d tokens needs about %s for the attention matrices of %d layers"
                            + " (%d heads), but %s of memory is available; explain shorter inputs or fewer rows%s",
                    batch,
                    length,
                    gib(need),
                    layers,
                    heads,
                    gib(available),
                    recorded && checkpointed <= available
                            ? ", or checkpoint the layers (--checkpoint), which needs" + " about " + gib(checkpointed)
                            : ""));
        }
    }

    private static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }

    /** Linux's MemAvailable in bytes, or -1 where it cannot be read. */
    static long available() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A pass that would not fit the memory available. */
    public static final class InsufficientMemoryException extends Lxt4jException {
        public InsufficientMemoryException(String message) {
            super(message);
        }
    }
}
