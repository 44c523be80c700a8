package io.github.lxt4j.bench;

import io.github.lxt4j.ProcMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc (Linux): current, peak, a peak reset, and bytes read from disk. */
public final class MemoryProbe {
    private MemoryProbe() {}

    /** VmRSS in bytes, or -1 where /proc is unavailable. */
    public static long rss() {
        return ProcMemory.linux().resident();
    }

    /** VmHWM (peak RSS since start or the last {@link #resetPeak()}) in bytes, or -1. */
    public static long peak() {
        return ProcMemory.linux().peak();
    }

    /** Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs); false where not permitted. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Bytes this process has caused to be read from storage (read_bytes of /proc/self/io: page faults on
     * memory-mapped weights included, page-cache hits not), or -1 where /proc cannot tell.
     */
    public static long diskReadBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("read_bytes:")) {
                    return Long.parseLong(line.substring("read_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
