package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LatexHeatmapTest {
    private static final String SPECIALS = "&%$#_{}\\~^";
    private static final Pattern ESCAPED =
            Pattern.compile("\\\\(textbackslash|textasciitilde|textasciicircum|textless|textgreater|textbar)\\{\\}"
                    + "|\\\\[&%$#_{} ]|\\\\par\\b|\\{\\}");
    private static final Pattern BOX_OPEN =
            Pattern.compile("\\\\colorbox\\[RGB\\]\\{(\\d+),(\\d+),(\\d+)\\}\\{\\\\strut ");

    @Test
    void escapesEverySpecialCharacter() {
        assertEquals(
                "\\&\\%\\$\\#\\_\\{\\}\\textbackslash{}\\textasciitilde{}\\textasciicircum{}",
                LatexHeatmap.escape(SPECIALS));
        assertEquals("a\\ \\ b\\textless{}\\textgreater{}\\textbar{}", LatexHeatmap.escape("a  b<>|"));
        // an empty group keeps TeX from turning -- into an en dash or `` '' into curly quotes
        assertEquals("-{}-{}-", LatexHeatmap.escape("---"));
        assertEquals("`{}`q'{}'", LatexHeatmap.escape("``q''"));
        assertEquals("!{}`?{}`,{},", LatexHeatmap.escape("!`?`,,"));
        String escaped = LatexHeatmap.escape("x" + SPECIALS + "y" + SPECIALS);
        String rest = ESCAPED.matcher(escaped).replaceAll("");
        assertEquals("xy", rest);
    }

    @Test
    void documentHasOneColorboxPerTokenAndNoRawSpecials() {
        String[] tokens = {
            "a&b--", " 100%", " $x$", " #1", " snake_case", " {x}", " C:\\path", " ~home", " x^2", " " + SPECIALS
        };
        double[] relevance = {1, -1, 0.5, -0.5, 0, 0.25, -0.25, 0.75, -0.75, 0.1};
        String tex = new LatexHeatmap().render(tokens, relevance);
        assertTrue(tex.contains("\\documentclass[border=2pt,varwidth=200.0mm]{standalone}"), tex);
        assertTrue(tex.contains("\\usepackage{xcolor}")
                && tex.contains("\\begin{document}")
                && tex.endsWith("\\end{document}\n"));
        for (int i = 0; i < tokens.length; i++) {
            int[] c = BwrFormula.rgb(relevance[i]);
            String box = "\\colorbox[RGB]{" + c[0] + "," + c[1] + "," + c[2] + "}{\\strut "
                    + LatexHeatmap.escape(tokens[i].strip()) + "}";
            assertTrue(tex.contains(box), "missing " + box);
        }
        assertTrue(tex.contains(
                "{\\strut \\&\\%\\$\\#\\_\\{\\}\\textbackslash{}\\textasciitilde{}" + "\\textasciicircum{}}"));

        String body =
                tex.substring(tex.indexOf("\\setlength{\\parindent}{0pt}%\n") + 29, tex.lastIndexOf("\\end{document}"));
        Matcher open = BOX_OPEN.matcher(body);
        int boxes = 0;
        while (open.find()) {
            boxes++;
        }
        assertEquals(tokens.length, boxes);
        String rest = ESCAPED.matcher(BOX_OPEN.matcher(body).replaceAll("")).replaceAll("");
        // what remains: the token text and one closing brace per box, and nothing else special
        assertEquals(tokens.length, rest.chars().filter(c -> c == '}').count(), rest);
        for (char c : SPECIALS.replace("}", "").toCharArray()) {
            assertEquals(-1, rest.indexOf(c), "raw '" + c + "' in " + rest);
        }
    }

    @Test
    void spacesAndLineBreaksArePreserved() {
        String tex = new LatexHeatmap()
                .render(new String[] {" two", "  spaces  here", "  ", ".\n", " next"}, new double[] {0, 0, 0, 0, 0});
        // a leading space at the start of a line is dropped
        assertTrue(tex.contains("%\n\\colorbox[RGB]{255,255,255}{\\strut two}"), tex);
        // leading spaces go between the boxes, inner spaces stay inside, and a blank token is a colored box
        assertTrue(tex.contains("{\\strut two}\\ \\ \\colorbox[RGB]{255,255,255}{\\strut spaces\\ \\ here}"), tex);
        assertTrue(tex.contains("{\\strut \\ \\ }"), tex);
        assertTrue(tex.contains("{\\strut .}\\par\n\\colorbox[RGB]{255,255,255}{\\strut next}"), tex);
    }
}
