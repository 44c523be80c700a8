package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TerminalHeatmapTest {
    private static final Pattern BACKGROUND = Pattern.compile("\u001b\\[48;2;(\\d+);(\\d+);(\\d+)m");

    private static List<int[]> backgrounds(String s) {
        List<int[]> out = new ArrayList<>();
        Matcher m = BACKGROUND.matcher(s);
        while (m.find()) {
            out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
            });
        }
        return out;
    }

    @Test
    void oneBackgroundSequencePerTokenWithItsColor() {
        String[] tokens = {"Hello", " world", "!"};
        double[] relevance = {2, -1, 0.5};
        String out = new TerminalHeatmap().render(tokens, relevance);
        List<int[]> bg = backgrounds(out);
        assertEquals(3, bg.size());
        double[] normalised = {1, -0.5, 0.25};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(BwrFormula.rgb(normalised[i]), bg.get(i), "token " + i);
        }
        assertEquals(3, out.split(Pattern.quote(TerminalHeatmap.RESET), -1).length - 1);
        assertEquals(3, out.split(Pattern.quote("\u001b[38;2;0;0;0m"), -1).length - 1);
        assertEquals("Hello world!", out.replaceAll("\u001b\\[[0-9;]*m", ""));
        // the leading space stays outside the color
        assertTrue(out.contains(TerminalHeatmap.RESET + " \u001b[48;2;128;128;255m"), out);
    }

    @Test
    void floatRelevanceGivesTheSameOutput() {
        String[] tokens = {"a", "b"};
        assertEquals(
                new TerminalHeatmap().render(tokens, new double[] {0.5, -0.25}),
                new TerminalHeatmap().render(tokens, new float[] {0.5f, -0.25f}));
    }

    @Test
    void plainModeShowsRelevanceInBrackets() {
        String out = new TerminalHeatmap()
                .colors(false)
                .render(new String[] {"Hello", " world", "!"}, new double[] {2, -1, 0.5});
        assertEquals("Hello[+1.00] world[-0.50]![+0.25]", out);
    }

    @Test
    void newlinesAreMarkedInsideTheColorAndBrokenAfterIt() {
        String out = new TerminalHeatmap().colors(false).render(new String[] {"a", ".\n", "b"}, new double[] {1, 1, 1});
        assertEquals("a[+1.00].\u21b5[+1.00]\nb[+1.00]", out);
    }

    @Test
    void tokensCannotInjectEscapeSequences() {
        String out = new TerminalHeatmap().render(new String[] {"\u001b[31mred", "\u009b2J"}, new double[] {1, 0});
        // three escape sequences per token, all of them ours
        assertEquals(6, out.chars().filter(c -> c == 0x1b).count());
        assertEquals(0, out.chars().filter(c -> c == 0x9b).count());
        assertEquals(2, backgrounds(out).size());
    }

    @Test
    void lengthMismatchNamesBothLengths() {
        InvalidRelevanceException e = assertThrows(
                InvalidRelevanceException.class,
                () -> new TerminalHeatmap().render(new String[] {"a", "b", "c"}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 tokens") && e.getMessage().contains("2 relevance"), e.getMessage());
    }
}
