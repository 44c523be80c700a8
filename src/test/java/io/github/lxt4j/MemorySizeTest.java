package io.github.lxt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.MemorySize.InvalidSizeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Memory sizes as people write them, binary units as Java's -Xmx; the /proc figures they are compared with. */
class MemorySizeTest {
    private static final long GIB = 1L << 30;

    @Test
    void unitsAreBinaryInEitherCaseWithAnOptionalIb() {
        assertEquals(9 * GIB, MemorySize.parse("--x", "9g"));
        assertEquals(9 * GIB, MemorySize.parse("--x", "9G"));
        assertEquals(9 * GIB, MemorySize.parse("--x", "9GiB"));
        assertEquals(9000L << 20, MemorySize.parse("--x", "9000m"));
        assertEquals(512L << 20, MemorySize.parse("--x", "512M"));
        assertEquals(512L << 10, MemorySize.parse("--x", "512k"));
        assertEquals(2L << 40, MemorySize.parse("--x", "2t"));
        assertEquals(3 * GIB / 2, MemorySize.parse("--x", "1.5g"));
        assertEquals(123456789L, MemorySize.parse("--x", "123456789"));
        assertEquals(100L, MemorySize.parse("--x", "100b"));
        assertEquals(0L, MemorySize.parse("--x", "0"));
        assertEquals(7 * GIB, MemorySize.parse("--x", " 7 GiB "));
    }

    @Test
    void aBadSizeNamesTheOptionAndWhatWasExpected() {
        for (String bad : new String[] {"", "g", "9x", "-1g", "nine", "9 g g", "1e9"}) {
            InvalidSizeException e =
                    assertThrows(InvalidSizeException.class, () -> MemorySize.parse("--memory-budget", bad));
            assertTrue(e.getMessage().startsWith("--memory-budget expects a memory size"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        InvalidSizeException si = assertThrows(InvalidSizeException.class, () -> MemorySize.parse("--m", "9GB"));
        assertTrue(si.getMessage().contains("write 9G or 9GiB"), si.getMessage());
        assertThrows(InvalidSizeException.class, () -> MemorySize.parse("--m", "9000000t"));
        assertThrows(InvalidSizeException.class, () -> MemorySize.parse("--m", null));
    }

    @Test
    void formatsForPeople() {
        assertEquals("9.00 GiB", MemorySize.format(9 * GIB));
        assertEquals("512.0 MiB", MemorySize.format(512L << 20));
        assertEquals("2.0 KiB", MemorySize.format(2048));
        assertEquals("100 B", MemorySize.format(100));
    }

    @Test
    void procLinesAreReadInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  2048 kB", "VmRSS:\t   1024 kB");
        assertEquals(1024L * 1024, ProcMemory.kilobytes(status, "VmRSS:"));
        assertEquals(2048L * 1024, ProcMemory.kilobytes(status, "VmHWM:"));
        assertEquals(-1, ProcMemory.kilobytes(status, "MemAvailable:"));
    }
}
