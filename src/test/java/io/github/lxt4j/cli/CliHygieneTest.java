package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as people expect it: colours only on a terminal, token-string targets, replaced files named, grouped help. */
class CliHygieneTest {

    @TempDir
    Path tmp;

    @Test
    void coloursFollowTheTerminalNoColorAndTheFlags() {
        assertTrue(ColorOptions.decide("auto", false, null, true));
        assertFalse(ColorOptions.decide("auto", false, null, false), "not a terminal");
        assertFalse(ColorOptions.decide("auto", false, "1", true), "NO_COLOR set");
        assertTrue(ColorOptions.decide("auto", false, "", true), "an empty NO_COLOR does not count");
        assertTrue(ColorOptions.decide("always", false, "1", false));
        assertFalse(ColorOptions.decide("always", true, null, true), "--no-color wins");
        assertFalse(ColorOptions.decide("never", false, null, true));
        assertThrows(IllegalArgumentException.class, () -> ColorOptions.decide("sometimes", false, null, true));
        CliRun piped = CliRun.command("explain", "--html", tmp.resolve("a.html").toString());
        assertEquals(0, piped.code(), piped.err());
        assertFalse(piped.out().contains("\u001b["), "stdout is not a terminal in tests");
    }

    @Test
    void promptTargetTakesATokenStringAndReplacedFilesAreNamed() {
        Path html = tmp.resolve("h.html");
        CliRun byName = CliRun.command("explain", "--target", "red", "--html", html.toString());
        assertEquals(0, byName.code(), byName.err());
        assertTrue(byName.out().contains("target: 'red'"), byName.out());
        assertFalse(byName.out().contains("replacing"), byName.out());
        CliRun again = CliRun.command("explain", "--target", "red", "--html", html.toString());
        assertTrue(again.out().contains("replacing " + html.toAbsolutePath()), again.out());
        CliRun unknown = CliRun.command("explain", "--target", "zebra", "--html", html.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("zebra"), unknown.err());
        CliRun two = CliRun.command("explain", "--target", "red,blue", "--html", html.toString());
        assertEquals(2, two.code());
        assertTrue(two.err().contains("one token in prompt mode"), two.err());
    }

    @Test
    void explainHelpIsGroupedByModeWithRealPlaceholders() {
        CliRun help = CliRun.command("explain", "--help");
        assertEquals(0, help.code());
        String text = help.out();
        String[] headings = {
            "Model and method:", "Prompt mode", "JSON Lines mode:", "Batch mode (safetensors):", "CLIP image mode:"
        };
        int last = -1;
        for (String h : headings) {
            int at = text.indexOf("\n" + h);
            assertTrue(at > last, h + " in order: " + text);
            last = at;
        }
        assertTrue(text.contains("--png=FILE.png"), text);
        assertFalse(text.contains("--heatmap"), "one name per concept: CLIP's overlay is --png too");
        for (String leaked :
                new String[] {"<heatmapPng>", "<texts>", "<prompt>", "<html>", "<target>", "<convGamma>", "<inputs>"}) {
            assertFalse(text.contains(leaked), leaked + " leaked into: " + text);
        }
    }

    @Test
    void benchHasNoDeadRandomWeightsSwitch() {
        CliRun r = CliRun.command("bench", "--config", "tinyllama-1.1b", "--random-weights=false");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--random-weights"), r.err());
    }
}
