package io.github.lxt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lxt4j.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 1,000 consecutive explanations (all three methods, every tenth with latent relevance) keep the resident set
 * flat: every native array is owned and freed. Runs in a child JVM with a fixed heap, so that the test JVM's own
 * heap resizing does not show up as growth; 300 explanations warm up allocator pools and the JIT first.
 */
class ExplanationMemoryTest {

    @Test
    void thousandExplanationsDoNotGrowResidentMemory() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(
                "-Xms128m",
                "-Xmx128m",
                "-XX:+AlwaysPreTouch",
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp",
                System.getProperty("java.class.path"),
                ExplanationMemoryProbe.class.getName(),
                Fixtures.dir("kv-retrieval").toAbsolutePath().toString(),
                "300",
                "1000"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("explanation memory probe did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "probe failed:\n" + text);
        String line = text.lines()
                .filter(l -> l.startsWith("RSS "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RSS line from the probe:\n" + text));
        String[] f = line.split(" ");
        long before = Long.parseLong(f[1]);
        long after = Long.parseLong(f[2]);
        double growth = (after - before) / (double) before;
        System.out.printf(
                "explanations: RSS %d MB → %d MB (%+.1f%%) over 1000%n", before >> 20, after >> 20, 100 * growth);
        assertTrue(before > 0, "VmRSS must be readable");
        assertTrue(growth < 0.05, String.format("RSS grew %.1f%% (%d → %d bytes)", growth * 100, before, after));
    }
}
