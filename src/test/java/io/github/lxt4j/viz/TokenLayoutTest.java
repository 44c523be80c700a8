package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLayoutTest {
    private static List<TokenLayout.Placed> layout(double maxWidth, String... texts) {
        return TokenLayout.layout(texts, s -> 10.0 * s.length(), maxWidth);
    }

    @Test
    void leadingSpacesAreGapsAndLinesWrap() {
        List<TokenLayout.Placed> boxes = layout(100, "aaaa", " bbbb", " cccc");
        assertEquals(new TokenLayout.Placed(0, "aaaa", 0, 0, 40), boxes.get(0));
        assertEquals(new TokenLayout.Placed(1, "bbbb", 50, 0, 40), boxes.get(1));
        // 90 + 10 + 40 > 100: next line, and the gap is dropped at the line start
        assertEquals(new TokenLayout.Placed(2, "cccc", 0, 1, 40), boxes.get(2));
        assertEquals(2, TokenLayout.lineCount(boxes));
    }

    @Test
    void longTokensAreSplitAndNewlinesBreak() {
        List<TokenLayout.Placed> boxes = layout(100, "x".repeat(25), ".\n", "\n", " y");
        assertEquals(new TokenLayout.Placed(0, "x".repeat(10), 0, 0, 100), boxes.get(0));
        assertEquals(new TokenLayout.Placed(0, "x".repeat(10), 0, 1, 100), boxes.get(1));
        assertEquals(new TokenLayout.Placed(0, "x".repeat(5), 0, 2, 50), boxes.get(2));
        assertEquals(new TokenLayout.Placed(1, ".", 50, 2, 10), boxes.get(3));
        // a bare newline draws nothing: an empty box where it started
        assertEquals(new TokenLayout.Placed(2, "", 0, 3, 0), boxes.get(4));
        assertEquals(new TokenLayout.Placed(3, "y", 0, 4, 10), boxes.get(5));
    }

    @Test
    void blankTokensKeepTheirSpacesInsideTheBox() {
        List<TokenLayout.Placed> boxes = layout(100, "a", "  ", "b", "");
        assertEquals(new TokenLayout.Placed(1, "  ", 10, 0, 20), boxes.get(1));
        assertEquals(new TokenLayout.Placed(2, "b", 30, 0, 10), boxes.get(2));
        assertEquals(new TokenLayout.Placed(3, "", 40, 0, 0), boxes.get(3));
    }
}
