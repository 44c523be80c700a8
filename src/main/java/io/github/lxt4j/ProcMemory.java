package io.github.lxt4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link ProcessMemory} from Linux's {@code /proc}: each figure is read afresh, -1 where the file is missing. */
public final class ProcMemory implements ProcessMemory {
    private static final ProcMemory INSTANCE = new ProcMemory();

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private ProcMemory() {}

    /** The reader of this machine's {@code /proc}. */
    public static ProcMemory linux() {
        return INSTANCE;
    }

    @Override
    public long resident() {
        return read(STATUS, "VmRSS:");
    }

    /** The process's peak resident set ({@code VmHWM}), or -1. */
    public long peak() {
        return read(STATUS, "VmHWM:");
    }

    @Override
    public long available() {
        return read(MEMINFO, "MemAvailable:");
    }

    @Override
    public long total() {
        return read(MEMINFO, "MemTotal:");
    }

    private static long read(Path file, String field) {
        try {
            return kilobytes(Files.readAllLines(file), field);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The value of a {@code "Field:   123 kB"} line in bytes, or -1 when no line starts with {@code field}. */
    static long kilobytes(List<String> lines, String field) {
        for (String line : lines) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
