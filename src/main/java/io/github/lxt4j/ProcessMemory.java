package io.github.lxt4j;

/**
 * The memory of this process and of the machine it runs on, in bytes; -1 where the system cannot tell. {@link
 * #system()} reads Linux's {@code /proc}; tests pass a fake one.
 */
public interface ProcessMemory {

    /** This process's resident set ({@code VmRSS}), or -1. */
    long resident();

    /** Memory the machine can still give out without swapping ({@code MemAvailable}), or -1. */
    long available();

    /** The machine's memory ({@code MemTotal}), or -1. */
    long total();

    /** Read from {@code /proc/self/status} and {@code /proc/meminfo} at each call (-1 everywhere off Linux). */
    static ProcessMemory system() {
        return ProcMemory.linux();
    }
}
