package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 5 and 6: strict UTF-8 with the right line, the good lines written, and bounded lines and prompts. */
class JsonlInputLimitsCliTest {
    @TempDir
    Path tmp;

    private static byte[] linesWithBadByteOnThird() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] good = (JsonlData.line(Map.of("prompt", JsonlData.TWO_FACTS)) + "\n").getBytes(StandardCharsets.UTF_8);
        b.writeBytes(good);
        b.writeBytes(good);
        b.writeBytes("{\"prompt\": \"bad \u00e9".getBytes(StandardCharsets.UTF_8));
        b.write(0xC3);
        b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(good);
        return b.toByteArray();
    }

    private static void assertFails(CliRun r, String expected) {
        assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().contains("error: " + expected), "expected 'error: " + expected + "' in: " + r.err());
    }

    @Test
    void invalidUtf8InAFileNamesItsLineAfterTheGoodOnes() throws Exception {
        Path in = Files.write(tmp.resolve("in.jsonl"), linesWithBadByteOnThird());
        Path out = tmp.resolve("out.jsonl");
        CliRun r = CliRun.command("explain", "--prompts", in.toString(), "--jsonl", out.toString());
        assertFails(r, in + ":3: the line is not valid UTF-8 (invalid byte 0xc3 at byte 19)");
        assertEquals(2, JsonlData.results(out).size(), "the two good lines before it are written");
    }

    @Test
    void invalidUtf8OnStdinIsAnErrorToo() {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(linesWithBadByteOnThird()));
        try {
            CliRun r = CliRun.command(
                    "explain",
                    "--prompts",
                    "-",
                    "--jsonl",
                    tmp.resolve("o.jsonl").toString());
            assertFails(r, "stdin:3: the line is not valid UTF-8");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aLineLongerThanTheMaximumIsRefusedWithoutReadingItAll() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        byte[] zeros = new byte[PromptReader.MAX_LINE_BYTES + 10];
        Files.write(in, zeros);
        CliRun r = CliRun.command(
                "explain",
                "--prompts",
                in.toString(),
                "--jsonl",
                tmp.resolve("o.jsonl").toString());
        assertFails(r, in + ":1: the line is longer than the maximum of " + PromptReader.MAX_LINE_BYTES + " bytes");
    }

    @Test
    void aPromptFarBeyondTheContextIsRefusedBeforeTokenization() throws Exception {
        String huge = "alice likes red . ".repeat(1000);
        Path in = JsonlData.write(tmp.resolve("in.jsonl"), JsonlData.line(Map.of("prompt", huge)));
        CliRun r = CliRun.command(
                "explain",
                "--prompts",
                in.toString(),
                "--jsonl",
                tmp.resolve("o.jsonl").toString());
        assertFails(
                r,
                in + ":1: the prompt is 18000 characters, more than 64 per position of the model's context"
                        + " of 128 tokens (8192), so it cannot fit; it was refused before tokenization");
    }

    @Test
    void promptModeRefusesItToo() {
        CliRun r = CliRun.command(
                "explain", "--html", tmp.resolve("h.html").toString(), "alice likes red . ".repeat(1000));
        assertFails(r, "the prompt is 18000 characters");
    }
}
