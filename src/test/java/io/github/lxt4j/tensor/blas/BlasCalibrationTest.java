package io.github.lxt4j.tensor.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.tensor.Backends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration cache: written and read back per key, unreadable entries and files ignored and rewritten. */
class BlasCalibrationTest {

    @TempDir
    Path dir;

    private static final String KEY = BlasCalibration.key("Some CPU @ 2.0GHz", 2, "0.3.31", "libtorch 2.7.1");

    @Test
    void theFasterLibraryWinsAndATieKeepsLibtorch() {
        assertEquals(
                BlasLibrary.OPENBLAS, BlasCalibration.choose(60, 100, KEY, dir).library());
        assertEquals(
                BlasLibrary.TORCH, BlasCalibration.choose(100, 60, KEY, dir).library());
        assertEquals(
                BlasLibrary.TORCH, BlasCalibration.choose(100, 102, KEY, dir).library());
    }

    @Test
    void anEntryIsReadBackUnderItsKeyOnly() {
        Path file = dir.resolve("sub").resolve(BlasCalibration.FILE);
        BlasCalibration.write(file, KEY, BlasCalibration.choose(55.5, 99.25, KEY, file));
        BlasCalibration.Result r = BlasCalibration.read(file, KEY);
        assertNotNull(r);
        assertEquals(BlasLibrary.OPENBLAS, r.library());
        assertEquals(55.5, r.torchGflops(), 1e-9);
        assertEquals(99.25, r.openblasGflops(), 1e-9);
        assertTrue(r.cached());
        String other = BlasCalibration.key("Some CPU @ 2.0GHz", 4, "0.3.31", "libtorch 2.7.1");
        assertNull(BlasCalibration.read(file, other), "another thread count is another key");
    }

    @Test
    void aBrokenEntryIsIgnoredAndRewritten() throws Exception {
        Path file = dir.resolve(BlasCalibration.FILE);
        String other = BlasCalibration.key("Other CPU", 1, "0.3.31", "libtorch 2.7.1");
        BlasCalibration.write(file, other, BlasCalibration.choose(10, 20, other, file));
        for (String bad : new String[] {"openblas", "fastest 1 2", "torch x 2", "torch -1 2", "torch NaN 3"}) {
            String text = Files.readString(file) + escape(KEY) + "=" + bad + "\n";
            Files.writeString(file, text);
            assertNull(BlasCalibration.read(file, KEY), bad);
            BlasCalibration.write(file, KEY, BlasCalibration.choose(80, 40, KEY, file));
            assertEquals(BlasLibrary.TORCH, BlasCalibration.read(file, KEY).library());
            assertEquals(BlasLibrary.OPENBLAS, BlasCalibration.read(file, other).library(), "others are kept");
        }
    }

    @Test
    void anUnreadableFileIsReplaced() throws Exception {
        Path file = dir.resolve(BlasCalibration.FILE);
        Files.write(file, "a=\\u12G4\n\0\0garbage".getBytes(StandardCharsets.ISO_8859_1));
        assertNull(BlasCalibration.read(file, KEY));
        BlasCalibration.write(file, KEY, BlasCalibration.choose(80, 100, KEY, file));
        assertEquals(BlasLibrary.OPENBLAS, BlasCalibration.read(file, KEY).library());
    }

    @Test
    void aCacheThatCannotBeWrittenIsSkipped() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        Path file = notADir.resolve(BlasCalibration.FILE);
        BlasCalibration.write(file, KEY, BlasCalibration.choose(1, 2, KEY, file));
        assertNull(BlasCalibration.read(file, KEY));
    }

    @Test
    void decideCalibratesOnceThenReadsTheCache() {
        String previous = System.getProperty("lxt4j.cacheDir");
        System.setProperty("lxt4j.cacheDir", dir.toString());
        try {
            BlasCalibration.Result first = BlasCalibration.decide(Backends.djl(), "libtorch test", 1);
            assertFalse(first.cached());
            assertTrue(first.torchGflops() > 0 && first.openblasGflops() > 0, first.describe());
            assertTrue(Files.isRegularFile(dir.resolve(BlasCalibration.FILE)));
            BlasCalibration.Result second = BlasCalibration.decide(Backends.djl(), "libtorch test", 1);
            assertTrue(second.cached());
            assertEquals(first.library(), second.library());
        } finally {
            if (previous == null) {
                System.clearProperty("lxt4j.cacheDir");
            } else {
                System.setProperty("lxt4j.cacheDir", previous);
            }
        }
    }

    @Test
    void ratesAreMeasuredForBothLibrariesOnDjl() {
        Map<BlasLibrary, Double> r = Blas.rates(Backends.djl(), 16, 32, 48, 1);
        assertEquals(2, r.size());
        assertTrue(r.values().stream().allMatch(v -> v > 0 && Double.isFinite(v)), r.toString());
    }

    private static String escape(String key) {
        return key.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ");
    }
}
