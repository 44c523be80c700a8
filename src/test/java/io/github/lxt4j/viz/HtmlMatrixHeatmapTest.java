package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generation matrix renderers, compared on structure: rows, attributed cells, tooltips, step scores. */
class HtmlMatrixHeatmapTest {

    private static RelevanceMatrix matrix() {
        return new RelevanceMatrix(
                new String[] {"<s>", " a", " <b>", " c"},
                2,
                new String[] {"<b>", "c"},
                new double[][] {{0.5, -2.0}, {1.0, 0.0, 4.0}},
                new double[] {0.9, 0.25},
                new double[] {0.3, 1.2});
    }

    private static int count(String haystack, String regex) {
        Matcher m = Pattern.compile(regex).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void oneRowPerGeneratedTokenWithLowerTriangularCells() {
        String html = new HtmlMatrixHeatmap().title("t").render(matrix());
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        assertEquals(2, count(body, "<tr>"));
        assertEquals(2 + 3, count(body, "class=\"cell\""), "row k holds promptLength + k cells");
        assertEquals(2 + 1, count(body, "class=\"none\""));
        assertEquals(4, count(html, "<th class=\"(prompt|generated)\">") - 2, "4 column headers");
        assertTrue(html.contains("title=\" a: R=-2.000 (-1.000)\""), "hover shows the raw and scaled value");
        assertTrue(html.contains("title=\" &lt;b&gt;: R=4.000 (+1.000)\""), html);
        assertTrue(html.contains("<td class=\"score\">0.900</td><td class=\"score\">0.300</td>"));
        assertTrue(html.contains("<td class=\"score\">0.250</td><td class=\"score\">1.200</td>"));
        assertFalse(html.contains("<b>"), "tokens are escaped");
        assertFalse(html.contains("<script"), "no scripts");
    }

    @Test
    void cellsAreScaledPerRowAndTextContrastsWithTheBackground() {
        String html = new HtmlMatrixHeatmap().render(matrix());
        // row 0: max |R| = 2, so 0.5 → +0.25 and -2 → -1 (saturated blue, white text)
        assertTrue(html.contains("R=0.5000 (+0.250)"), html);
        Matcher saturated = Pattern.compile("style=\"background-color:rgb\\(0,0,255\\);color:#fff\"")
                .matcher(html);
        assertTrue(saturated.find(), "saturated blue takes white text");
        assertEquals(0xFFFFFF, TextContrast.onBackground(0x00007F));
        assertEquals(0x000000, TextContrast.onBackground(0xFFFFFF));
        assertEquals(0x000000, TextContrast.onBackground(0xFFE0E0));
    }

    @Test
    void terminalViewHasOneLinePerRowWithItsContext() {
        String plain = new TerminalMatrixHeatmap().colors(false).render(matrix());
        String[] lines = plain.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("→ '<b>'  p=0.900 H=0.300  <s>[+0.25] a[-1.00]"), lines[0]);
        assertFalse(lines[0].contains("c["), "a row stops before its own token");
        assertTrue(lines[1].endsWith(" <b>[+1.00]"), lines[1]);
        assertTrue(new TerminalMatrixHeatmap().render(matrix()).contains(TerminalHeatmap.ESC + "48;2;"));
    }

    @Test
    void malformedMatricesAreRefused() {
        assertThrows(
                InvalidRelevanceException.class,
                () -> new RelevanceMatrix(
                        new String[] {"a"},
                        1,
                        new String[] {"b"},
                        new double[][] {{1, 2}},
                        new double[] {1},
                        new double[] {0}));
        assertThrows(
                InvalidRelevanceException.class,
                () -> new RelevanceMatrix(
                        new String[] {"a", "b"},
                        1,
                        new String[] {"b"},
                        new double[][] {{Double.NaN}},
                        new double[] {1},
                        new double[] {0}));
        assertThrows(
                InvalidRelevanceException.class,
                () -> new RelevanceMatrix(
                        new String[] {"a", "b"},
                        1,
                        new String[] {"b", "c"},
                        new double[][] {{1}},
                        new double[] {1},
                        new double[] {0}));
    }
}
