package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 1, 3 and 9: outputs never replace what is not a regular file, and fail before the computation. */
class OutputPolicyCliTest {
    private static final Path KV = KvFolder.SOURCE;

    @TempDir
    Path tmp;

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void batchOutputThatIsASymlinkIsRefusedAndTheLinkKept() throws Exception {
        Path real = Files.writeString(tmp.resolve("real"), "keep\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.safetensors"), real.getFileName());
        CliRun r = CliRun.command(
                "explain",
                "--model",
                KV.toString(),
                "--inputs",
                KV.resolve("reference.safetensors").toString(),
                "--output",
                link.toString());
        assertRefused(r, "cannot write " + link + ": it exists and is not a regular file (a symbolic link)");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("keep\n", Files.readString(real));
    }

    @Test
    void pngToAFifoIsRefusedBeforeTheModelRuns() throws Exception {
        Path fifo = tmp.resolve("fifo.png");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        Path html = tmp.resolve("h.html");
        CliRun r = CliRun.command("explain", "--html", html.toString(), "--png", fifo.toString());
        assertRefused(r, "cannot write " + fifo + ": it exists and is not a regular file (a FIFO, socket or device)");
        assertFalse(Files.exists(html), "nothing is computed or written: the HTML comes before the PNG");
        assertTrue(
                Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class)
                        .isOther(),
                "still a FIFO");
    }

    @Test
    void replacedOutputKeepsItsModeAndNewOnesGetTheUmask() throws Exception {
        Path out = Files.writeString(tmp.resolve("out.safetensors"), "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        CliRun r = CliRun.command(
                "explain",
                "--model",
                KV.toString(),
                "--inputs",
                KV.resolve("reference.safetensors").toString(),
                "--output",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

        Path fresh = tmp.resolve("fresh.html");
        Path reference = tmp.resolve("reference");
        Files.newOutputStream(reference).close();
        assertEquals(0, CliRun.command("explain", "--html", fresh.toString()).code());
        assertEquals(
                Files.getPosixFilePermissions(reference),
                Files.getPosixFilePermissions(fresh),
                "a new output gets the mode the umask gives any new file, not 0600");
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void htmlInAFolderThatIsAFileFailsBeforeTheComputation() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        Path html = notADir.resolve("heatmap.html");
        CliRun r = CliRun.command("explain", "--html", html.toString());
        assertRefused(r, "cannot write " + html + ": " + notADir + " is not a folder");
        assertFalse(r.out().contains("model:"), "the explanation was not computed: " + r.out());
    }

    @Test
    void jsonlOutputIsKeptWhenTheModelFailsToLoad() throws Exception {
        Path broken = KvFolder.withConfig(tmp.resolve("broken"), c -> c.put("hidden_size", "wide"));
        Path results = Files.writeString(tmp.resolve("results.jsonl"), "{\"previous\": 1}\n");
        Path prompts = JsonlData.write(tmp.resolve("in.jsonl"), JsonlData.line(java.util.Map.of("prompt", "a")));
        CliRun r = CliRun.command(
                "explain",
                "--model",
                broken.toString(),
                "--prompts",
                prompts.toString(),
                "--jsonl",
                results.toString());
        assertRefused(r, "hidden_size");
        assertEquals("{\"previous\": 1}\n", Files.readString(results), "the user's file is untouched");
    }

    @Test
    void jsonlOutputThatIsASymlinkIsRefused() throws Exception {
        Path real = Files.writeString(tmp.resolve("real"), "keep\n");
        Path link = Files.createSymbolicLink(tmp.resolve("out.jsonl"), real.getFileName());
        Path prompts = JsonlData.write(tmp.resolve("in.jsonl"), JsonlData.line(java.util.Map.of("prompt", "a")));
        CliRun r = CliRun.command("explain", "--prompts", prompts.toString(), "--jsonl", link.toString());
        assertRefused(r, "it exists and is not a regular file (a symbolic link)");
        assertEquals("keep\n", Files.readString(real));
    }
}
