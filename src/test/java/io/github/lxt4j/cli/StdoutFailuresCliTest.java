package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 4: a failed write to stdout stops the command with exit code 2, a closed pipe quietly. */
class StdoutFailuresCliTest {
    @TempDir
    Path tmp;

    /** Takes {@code goodLines} lines, then fails every write with {@code reason}; counts the failed writes. */
    private static final class FailingStdout extends OutputStream {
        private final int goodLines;
        private final String reason;
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private int lines;
        private int failedWrites;

        FailingStdout(int goodLines, String reason) {
            this.goodLines = goodLines;
            this.reason = reason;
        }

        @Override
        public void write(int b) throws IOException {
            if (lines == goodLines) {
                failedWrites++;
                throw new IOException(reason);
            }
            taken.write(b);
            if (b == '\n') {
                lines++;
            }
        }
    }

    private Path threePrompts() {
        String line = JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS));
        return JsonlData.write(tmp.resolve("in.jsonl"), line, line, line);
    }

    @Test
    void aFullDiskStopsTheJsonlModeAtItsFirstLineWithExitCode2() {
        FailingStdout full = new FailingStdout(0, "No space left on device");
        CliRun r = CliRun.writingTo(
                full, "explain", "--prompts", threePrompts().toString(), "--jsonl", "-", "--batch-size", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("error: stdout:1: cannot write: No space left on device"), r.err());
        assertFalse(r.err().contains("wrote"), "no success is claimed: " + r.err());
        assertEquals(1, full.failedWrites, "the command stopped at the first failed write");
    }

    @Test
    void aFailureAfterTheFirstLinesNamesTheLineThatFailed() {
        FailingStdout full = new FailingStdout(2, "No space left on device");
        CliRun r = CliRun.writingTo(full, "info");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("error: stdout:3: cannot write: No space left on device"), r.err());
        assertEquals(2, full.taken.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void aClosedPipeEndsQuietlyWithTheSigpipeStatusAndStopsComputing() {
        FailingStdout head = new FailingStdout(1, "Broken pipe");
        CliRun r = CliRun.writingTo(
                head, "explain", "--prompts", threePrompts().toString(), "--jsonl", "-", "--batch-size", "1");
        assertEquals(Failures.CLOSED_PIPE, r.code(), r.err());
        assertFalse(r.err().contains("error"), "quiet: " + r.err());
        assertFalse(r.err().contains("wrote"), r.err());
        assertEquals(1, head.failedWrites, "the third line is never computed nor written");
    }

    private static Process child(ProcessBuilder pb, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[args.length + 4];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = Main.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return pb.command(cmd).start();
    }

    @Test
    void infoIntoDevFullExitsWith2InARealProcess() throws Exception {
        Process p = child(new ProcessBuilder().redirectOutput(new File("/dev/full")), "info");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), err);
        assertTrue(err.contains("error: stdout:1: cannot write: No space left on device"), err);
    }

    @Test
    void aPipeClosedBeforeTheFirstResultEndsTheRealProcessQuietly() throws Exception {
        Process p = child(new ProcessBuilder(), "explain", "--prompts", "-", "--jsonl", "-", "--batch-size", "1");
        p.getInputStream().close(); // the reader has gone before any result exists
        String line = JsonlData.line(Map.of("prompt", JsonlData.SIX_FACTS)) + "\n";
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write((line + line + line).getBytes(StandardCharsets.UTF_8));
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Failures.CLOSED_PIPE, p.waitFor(), err);
        assertFalse(err.contains("error") || err.contains("wrote"), err);
    }
}
