package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlHeatmapTest {
    private static final Pattern SPAN = Pattern.compile(
            "<span class=\"token\" style=\"background-color:rgb\\((\\d+),(\\d+),(\\d+)\\)(;color:#fff)?\""
                    + " title=\"[^\"]*\">([^<]*)</span>");

    @TempDir
    Path dir;

    @Test
    void oneSpanPerTokenWithTheBwrColor() {
        String[] tokens = {"The", " cat", " sat", " on", " the", " mat"};
        double[] relevance = {0.1, 4.0, -2.0, 0, -4.0, 1.0};
        String html = new HtmlHeatmap().render(tokens, relevance);
        Matcher m = SPAN.matcher(html);
        List<String> texts = new ArrayList<>();
        int i = 0;
        while (m.find()) {
            int[] expected = BwrFormula.rgb(relevance[i] / 4.0);
            int[] actual = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            assertArrayEquals(expected, actual, "token " + i);
            assertEquals(relevance[i] == -4.0, m.group(4) != null, "white text only on saturated blue, token " + i);
            texts.add(m.group(5));
            i++;
        }
        assertEquals(tokens.length, i);
        assertEquals(tokens.length, html.split("<span", -1).length - 1);
        assertEquals(List.of("The", "cat", "sat", "on", "the", "mat"), texts);
        assertTrue(html.contains("rgb(255,0,0)\"") && html.contains(">cat</span>"));
        // leading spaces sit before the span, uncolored
        assertTrue(html.contains("</span> <span"), html);
    }

    @Test
    void escapesMarkupAndKeepsWhitespace() {
        String html = new HtmlHeatmap()
                .title("a <b> & c")
                .render(new String[] {"<b>&</b>", "  x", "\"q'"}, new double[] {1, 0, -1});
        assertTrue(html.contains(">&lt;b&gt;&amp;&lt;/b&gt;</span>"), html);
        assertTrue(html.contains(">&quot;q&#39;</span>"), html);
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("<title>a &lt;b&gt; &amp; c</title>"));
        assertTrue(html.contains("white-space:pre-wrap"));
        assertTrue(html.contains("</span>  <span"), "both leading spaces are kept");
    }

    @Test
    void isSelfContained() {
        String html = new HtmlHeatmap().render(new String[] {"a"}, new double[] {1});
        String lower = html.toLowerCase(Locale.ROOT);
        assertTrue(lower.startsWith("<!doctype html>"));
        for (String forbidden : new String[] {"<script", "http:", "https:", "src=", "<link", "@import", "url("}) {
            assertFalse(lower.contains(forbidden), forbidden);
        }
    }

    @Test
    void legendIsOptionalAndShowsTheScale() {
        String with = new HtmlHeatmap().render(new String[] {"a", "b"}, new double[] {0.02, -0.01});
        assertTrue(with.contains("class=\"legend\"") && with.contains("max |R| = 0.02000"), with);
        String without = new HtmlHeatmap().legend(false).render(new String[] {"a"}, new double[] {1});
        assertFalse(without.contains("class=\"legend\""));
    }

    @Test
    void writesUtf8File() throws Exception {
        Path file = dir.resolve("heatmap.html");
        String[] tokens = {"\u00fcber", " \u4e2d\u6587"};
        new HtmlHeatmap().write(file, tokens, new float[] {1f, -1f});
        String read = Files.readString(file);
        assertEquals(new HtmlHeatmap().render(tokens, new double[] {1, -1}), read);
        assertTrue(read.contains(">\u4e2d\u6587</span>"));
    }

    @Test
    void rejectsMismatchAndNaN() {
        assertThrows(
                InvalidRelevanceException.class,
                () -> new HtmlHeatmap().render(new String[] {"a"}, new double[] {1, 2}));
        InvalidRelevanceException e = assertThrows(
                InvalidRelevanceException.class,
                () -> new HtmlHeatmap().render(new String[] {"a", "b"}, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("index 1"));
    }
}
