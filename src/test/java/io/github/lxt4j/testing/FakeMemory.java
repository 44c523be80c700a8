package io.github.lxt4j.testing;

import io.github.lxt4j.ProcessMemory;

/**
 * Memory figures a test sets: the resident set, the machine's available and total memory (-1: unknown), and, when
 * {@code residentAfter} is non-negative, a resident set that jumps to it after {@code reads} readings (a process whose
 * memory fills up partway through a pass).
 */
public final class FakeMemory implements ProcessMemory {
    public long resident;
    public long available;
    public long total;
    private long residentAfter = -1;
    private int reads;
    private int readings;

    public FakeMemory(long resident, long available, long total) {
        this.resident = resident;
        this.available = available;
        this.total = total;
    }

    /** Resident {@code low} for the first {@code reads} readings, {@code high} from then on. */
    public static FakeMemory filling(long low, int reads, long high) {
        FakeMemory m = new FakeMemory(low, -1, -1);
        m.residentAfter = high;
        m.reads = reads;
        return m;
    }

    @Override
    public long resident() {
        readings++;
        return residentAfter >= 0 && readings > reads ? residentAfter : resident;
    }

    @Override
    public long available() {
        return available;
    }

    @Override
    public long total() {
        return total;
    }

    /** How often {@link #resident()} was read. */
    public int readings() {
        return readings;
    }
}
