package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, item 9: --dtype, prompt mode without a tokenizer, and the demo's temporary folder. */
class CliArgumentsHardeningTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"int64", "bool", "int32", "bfloat16"})
    void nonComputeDtypesAreRefusedByTheParser(String dtype) {
        CliRun r = CliRun.command(
                "explain", "--dtype", dtype, "--html", tmp.resolve("h.html").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err()
                        .contains("error: --dtype " + dtype + " cannot be a compute dtype: expected float32,"
                                + " float64 or float16"),
                r.err());
    }

    @Test
    void promptModeWithoutATokenizerExitsWith2() throws Exception {
        Path dir = KvFolder.withConfig(tmp.resolve("m"), c -> {});
        Files.delete(dir.resolve("tokenizer.json"));
        CliRun r = CliRun.command(
                "explain",
                "--model",
                dir.toString(),
                "--html",
                tmp.resolve("h.html").toString(),
                "alice likes");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("prompt mode needs the model's tokenizer.json, which " + dir + " lacks"), r.err());
    }

    /** Runs {@link DemoModel#folder()} in a child JVM, which prints the folder and exits. */
    public static final class ExtractDemo {
        public static void main(String[] args) {
            System.out.println(DemoModel.folder());
        }
    }

    @Test
    void theDemoFolderIsRemovedAtExit() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), ExtractDemo.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        Path folder = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(folder.getFileName().toString().startsWith("lxt4j-demo"), out);
        assertFalse(Files.exists(folder), "the extracted demo folder " + folder + " is gone after the JVM exits");
    }
}
