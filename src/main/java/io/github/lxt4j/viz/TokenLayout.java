package io.github.lxt4j.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Flows tokens into lines of a fixed width, as a word processor does. Each token's leading spaces become a gap
 * (dropped at the start of a line); the rest becomes a box. {@code \n} breaks the line. A token whose whole text is
 * blank keeps its spaces inside the box, so its color shows. A box wider than a line is split between characters.
 * Every token yields at least one box: an empty one (width 0) where it had nothing to draw.
 */
final class TokenLayout {
    /** One placed box: x from the left edge of the line, line counted from 0. */
    record Placed(int token, String text, double x, int line, double width) {}

    private final ToDoubleFunction<String> measure;
    private final double maxWidth;
    private final List<Placed> boxes = new ArrayList<>();
    private double x;
    private int line;

    private TokenLayout(ToDoubleFunction<String> measure, double maxWidth) {
        this.measure = measure;
        this.maxWidth = maxWidth;
    }

    /**
     * Lays out sanitized token texts (see {@link DisplayText#sanitize}) in lines of {@code maxWidth}.
     *
     * @param measure the width of a string in the renderer's units
     */
    static List<Placed> layout(String[] texts, ToDoubleFunction<String> measure, double maxWidth) {
        if (!(maxWidth > 0)) {
            throw new IllegalArgumentException("line width must be positive, got " + maxWidth);
        }
        TokenLayout layout = new TokenLayout(measure, maxWidth);
        for (int i = 0; i < texts.length; i++) {
            layout.place(i, texts[i]);
        }
        return layout.boxes;
    }

    /** Number of lines that the boxes use. */
    static int lineCount(List<Placed> boxes) {
        int max = -1;
        for (Placed p : boxes) {
            max = Math.max(max, p.line());
        }
        return max + 1;
    }

    private void place(int token, String text) {
        double startX = x;
        int startLine = line;
        int before = boxes.size();
        boolean blank = DisplayText.isBlank(text);
        String[] parts = text.split("\n", -1);
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                newLine();
            }
            String part = parts[p];
            if (part.isEmpty()) {
                continue;
            }
            int lead = blank ? 0 : DisplayText.leadingSpaces(part);
            String body = part.substring(lead);
            if (body.isEmpty()) {
                continue;
            }
            double gap = measure.applyAsDouble(part.substring(0, lead));
            double width = measure.applyAsDouble(body);
            if (x > 0 && x + gap + width > maxWidth) {
                newLine();
            } else if (x > 0) {
                x += gap;
            }
            placeBody(token, body, width);
        }
        if (boxes.size() == before) {
            boxes.add(new Placed(token, "", startX, startLine, 0));
        }
    }

    private void placeBody(int token, String body, double width) {
        while (x + width > maxWidth && body.codePointCount(0, body.length()) > 1) {
            if (x > 0) {
                newLine();
                continue;
            }
            int cut = longestFittingPrefix(body);
            String head = body.substring(0, cut);
            boxes.add(new Placed(token, head, 0, line, measure.applyAsDouble(head)));
            newLine();
            body = body.substring(cut);
            width = measure.applyAsDouble(body);
        }
        boxes.add(new Placed(token, body, x, line, width));
        x += width;
    }

    /** End index of the longest prefix of at least one code point that fits in a line. */
    private int longestFittingPrefix(String body) {
        int end = body.offsetByCodePoints(0, 1);
        while (end < body.length()) {
            int next = body.offsetByCodePoints(end, 1);
            if (measure.applyAsDouble(body.substring(0, next)) > maxWidth) {
                break;
            }
            end = next;
        }
        return end;
    }

    private void newLine() {
        line++;
        x = 0;
    }
}
