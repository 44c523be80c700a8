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

    private static BlasCalibration.Result choose(double torchXWt, double torchGW, double obXWt, double obGW) {
        return BlasCalibration.choose(
                new GemmRates(torchXWt, torchGW), new GemmRates(obXWt, obGW), KEY, Path.of("unused"));
    }

    @Test
    void theFasterLibraryWinsPerProductAndATieKeepsLibtorch() {
        BlasCalibration.Result r = choose(60, 100, 100, 50);
        assertEquals(BlasLibrary.OPENBLAS, r.library(GemmProduct.X_WT));
        assertEquals(BlasLibrary.TORCH, r.library(GemmProduct.G_W));
        BlasCalibration.Result tie = choose(100, 100, 102, 101);
        assertEquals(BlasLibrary.TORCH, tie.xWt());
        assertEquals(BlasLibrary.TORCH, tie.gW());
        assertEquals(BlasLibrary.OPENBLAS, choose(50, 50, 90, 70).gW());
        // a lead of 1.2× is not clear enough to leave the backend's own GEMM (BlasCalibration.MARGIN)
        assertEquals(BlasLibrary.TORCH, choose(50, 50, 60, 60).gW());
    }

    @Test
    void anEntryIsReadBackUnderItsKeyOnly() {
        Path file = dir.resolve("sub").resolve(BlasCalibration.FILE);
        BlasCalibration.write(file, KEY, choose(55.5, 80, 99.25, 40.5));
        BlasCalibration.Result r = BlasCalibration.read(file, KEY);
        assertNotNull(r);
        assertEquals(BlasLibrary.OPENBLAS, r.xWt());
        assertEquals(BlasLibrary.TORCH, r.gW());
        assertEquals(new GemmRates(55.5, 80), r.torch());
        assertEquals(new GemmRates(99.25, 40.5), r.openblas());
        assertTrue(r.cached());
        String other = BlasCalibration.key("Some CPU @ 2.0GHz", 4, "0.3.31", "libtorch 2.7.1");
        assertNull(BlasCalibration.read(file, other), "another thread count is another key");
    }

    @Test
    void aBrokenEntryIsIgnoredAndRewritten() throws Exception {
        Path file = dir.resolve(BlasCalibration.FILE);
        String other = BlasCalibration.key("Other CPU", 1, "0.3.31", "libtorch 2.7.1");
        BlasCalibration.write(file, other, choose(10, 10, 20, 20));
        for (String bad : new String[] {
            "openblas",
            "torch torch 1 2 3",
            "fastest torch 1 2 3 4",
            "torch torch x 2 3 4",
            "torch torch -1 2 3 4",
            "torch openblas 1 2 NaN 3",
            "torch torch 1 2 3 4 5"
        }) {
            String text = Files.readString(file) + escape(KEY) + "=" + bad + "\n";
            Files.writeString(file, text);
            assertNull(BlasCalibration.read(file, KEY), bad);
            BlasCalibration.write(file, KEY, choose(80, 80, 40, 40));
            assertEquals(BlasLibrary.TORCH, BlasCalibration.read(file, KEY).xWt());
            assertEquals(BlasLibrary.OPENBLAS, BlasCalibration.read(file, other).gW(), "others are kept");
        }
    }

    @Test
    void anUnreadableFileIsReplaced() throws Exception {
        Path file = dir.resolve(BlasCalibration.FILE);
        Files.write(file, "a=\\u12G4\n\0\0garbage".getBytes(StandardCharsets.ISO_8859_1));
        assertNull(BlasCalibration.read(file, KEY));
        BlasCalibration.write(file, KEY, choose(80, 80, 110, 110));
        assertEquals(BlasLibrary.OPENBLAS, BlasCalibration.read(file, KEY).gW());
    }

    @Test
    void aCacheThatCannotBeWrittenIsSkipped() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        Path file = notADir.resolve(BlasCalibration.FILE);
        BlasCalibration.write(file, KEY, choose(1, 1, 2, 2));
        assertNull(BlasCalibration.read(file, KEY));
    }

    @Test
    void decideCalibratesOnceThenReadsTheCacheAndKeepsNothingFromABusyMachine() {
        String previous = System.getProperty("lxt4j.cacheDir");
        System.setProperty("lxt4j.cacheDir", dir.toString());
        try {
            BlasCalibration.Result busy = BlasCalibration.decide(Backends.djl(), "libtorch test", 1, -1);
            assertFalse(busy.cached());
            assertFalse(Files.exists(dir.resolve(BlasCalibration.FILE)), "a busy machine's calibration is not kept");
            BlasCalibration.Result first =
                    BlasCalibration.decide(Backends.djl(), "libtorch test", 1, Double.POSITIVE_INFINITY);
            assertFalse(first.cached());
            assertTrue(first.torch().both() > 0 && first.openblas().both() > 0, first.describe());
            assertTrue(Files.isRegularFile(dir.resolve(BlasCalibration.FILE)));
            BlasCalibration.Result second =
                    BlasCalibration.decide(Backends.djl(), "libtorch test", 1, Double.POSITIVE_INFINITY);
            assertTrue(second.cached());
            assertEquals(first.xWt(), second.xWt());
            assertEquals(first.gW(), second.gW());
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
        Map<BlasLibrary, GemmRates> r = Blas.rates(Backends.djl(), 16, 32, 48, 1);
        assertEquals(2, r.size());
        assertTrue(
                r.values().stream().allMatch(v -> v.xWt() > 0 && v.gW() > 0 && Double.isFinite(v.both())),
                r.toString());
        assertEquals(1, Blas.rates(Backends.nd4j(), 16, 32, 48, 1).size(), "ND4J: its own GEMM only");
    }

    private static String escape(String key) {
        return key.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ");
    }
}
