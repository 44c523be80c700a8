package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on stderr: a bar on a terminal with the progressbar jar, plain lines otherwise (as in these tests). */
class ProgressTest {

    @TempDir
    Path tmp;

    @Test
    void aBarOnlyOnATerminalWithTheLibrary() {
        assertTrue(Progress.bar(true, true));
        assertFalse(Progress.bar(false, true), "piped");
        assertFalse(Progress.bar(true, false), "without the progressbar jar");
        assertFalse(ColorOptions.terminal(), "tests run without a terminal");
    }

    @Test
    void pipedProgressIsPlainLines() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.open(new PrintWriter(err), "[eval] attnlrp", 20, "")) {
            assertTrue(p instanceof PlainProgress, p.getClass().getName());
            p.stepTo(16);
            p.stepTo(20);
        }
        assertEquals("[eval] attnlrp 16/20%n[eval] attnlrp 20/20%n".formatted(), err.toString());
        StringWriter lines = new StringWriter();
        try (Progress p = Progress.open(new PrintWriter(lines), "[explain]", 0, "lines")) {
            p.stepTo(8);
        }
        assertEquals("[explain] 8 lines done%n".formatted(), lines.toString());
    }

    @Test
    void theBarDrawsTheTaskAndCountOnTheCommandsStderr() {
        StringWriter err = new StringWriter();
        try (Progress p = new BarProgress(new PrintWriter(err), "[eval] attnlrp", 20, "")) {
            p.stepTo(16);
        }
        assertTrue(err.toString().contains("[eval] attnlrp") && err.toString().contains("16/20"), err.toString());
    }

    @Test
    void commandsReportPlainProgressWhenPiped() {
        CliRun gen = CliRun.command("generate", "--max-new-tokens", "2", "--no-color");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.err().contains("[generate] step 1/2") && gen.err().contains("[generate] step 2/2"), gen.err());
        assertFalse(gen.err().contains("\r"), "no bar redraws when piped");
        CliRun eval = CliRun.command(
                "eval", "--limit", "4", "--methods", "attnlrp", "--batch-size", "2", "--metrics", "accuracy");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.err().contains("[eval] attnlrp 2/4") && eval.err().contains("[eval] attnlrp 4/4"), eval.err());
    }
}
