package io.github.lxt4j.testing;

import io.github.lxt4j.ProcessMemory;

/** Memory figures a test sets: the resident set, the machine's available and total memory (-1: unknown). */
public final class FakeMemory implements ProcessMemory {
    public long resident;
    public long available;
    public long total;

    public FakeMemory(long resident, long available, long total) {
        this.resident = resident;
        this.available = available;
        this.total = total;
    }

    @Override
    public long resident() {
        return resident;
    }

    @Override
    public long available() {
        return available;
    }

    @Override
    public long total() {
        return total;
    }
}
