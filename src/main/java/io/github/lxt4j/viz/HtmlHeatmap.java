package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A token heatmap as one self-contained HTML page: inline CSS only, no scripts, no external resources.
 *
 * <p>Each token is one {@code <span class="token">} whose inline {@code background-color:rgb(r,g,b)} is its
 * {@link Colormap#BWR} color and whose {@code title} (a hover tooltip) holds the raw and normalised relevance. Text is
 * HTML-escaped and black; whitespace is kept ({@code white-space: pre-wrap}). A token's leading spaces are written
 * before its span, uncolored; an all-blank token keeps its whitespace inside the span. The optional legend shows the
 * color bar from -1 to +1 and the value that was scaled to 1.
 */
public final class HtmlHeatmap implements TokenHeatmap<String> {
    private String title = "Relevance heatmap";
    private boolean legend = true;
    private int fontSizePx = 18;

    /** A renderer with the title "Relevance heatmap" and a legend. */
    public HtmlHeatmap() {}

    /** The page title, also shown as a heading. */
    public HtmlHeatmap title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /** Whether to show the color legend below the tokens (default true). */
    public HtmlHeatmap legend(boolean legend) {
        this.legend = legend;
        return this;
    }

    /** Font size of the tokens in CSS pixels (default 18). */
    public HtmlHeatmap fontSize(int px) {
        if (px <= 0) {
            throw new IllegalArgumentException("font size must be positive, got " + px);
        }
        this.fontSizePx = px;
        return this;
    }

    /** The complete HTML page. */
    @Override
    public String render(String[] tokens, double[] relevance) {
        String body = fragment(tokens, relevance);
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(DisplayText.sanitize(title)))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#000;"
                        + "background:#fff}\n")
                .append(".heatmap{white-space:pre-wrap;line-height:1.8;font-size:")
                .append(fontSizePx)
                .append("px;max-width:60em}\n")
                .append(".token{color:#000;border-radius:2px}\n")
                .append(".legend{margin-top:1.5em;font-size:13px;width:300px}\n")
                .append(".legend-bar{height:14px;border:1px solid #888;background:linear-gradient(to right,")
                .append(css(Colormap.BWR.rgb(-1)))
                .append(',')
                .append(css(Colormap.BWR.rgb(0)))
                .append(',')
                .append(css(Colormap.BWR.rgb(1)))
                .append(")}\n")
                .append(".legend-labels{display:flex;justify-content:space-between}\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(DisplayText.sanitize(title)))
                .append("</h1>\n")
                .append(body);
        if (legend) {
            double max = RelevanceNormalizer.maxAbs(relevance);
            out.append("<div class=\"legend\"><div class=\"legend-bar\"></div>")
                    .append("<div class=\"legend-labels\"><div>&minus;1</div><div>0</div><div>+1</div></div>")
                    .append("<div>blue: negative, red: positive relevance; 1 = max |R| = ")
                    .append(String.format(Locale.ROOT, "%.4g", max))
                    .append("</div></div>\n");
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** Only the {@code <div class="heatmap">} with the token spans, for embedding in another page. */
    public String fragment(String[] tokens, double[] relevance) {
        double[] r = TokenInputs.normalized(tokens, relevance);
        StringBuilder out = new StringBuilder("<div class=\"heatmap\">");
        for (int i = 0; i < tokens.length; i++) {
            String text = DisplayText.sanitize(tokens[i]);
            int lead = DisplayText.isBlank(text) ? 0 : DisplayText.leadingSpaces(text);
            out.append(text, 0, lead)
                    .append("<span class=\"token\" style=\"background-color:")
                    .append(css(Colormap.BWR.rgb(r[i])))
                    .append(TextContrast.onBackground(Colormap.BWR.rgb(r[i])) == 0 ? "" : ";color:#fff")
                    .append("\" title=\"")
                    .append(String.format(Locale.ROOT, "R=%.4g (%+.3f)", relevance[i], r[i]))
                    .append("\">")
                    .append(escape(text.substring(lead)))
                    .append("</span>");
        }
        return out.append("</div>\n").toString();
    }

    /** Writes the page as UTF-8. */
    public void write(Path file, String[] tokens, double[] relevance) throws IOException {
        SafeOutput.writeUtf8(file, render(tokens, relevance));
    }

    /** Writes the page as UTF-8. */
    public void write(Path file, String[] tokens, float[] relevance) throws IOException {
        write(file, tokens, RelevanceNormalizer.toDouble(relevance));
    }

    /** Escapes {@code & < > " '} for HTML text and attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String css(int rgb) {
        return "rgb(" + ((rgb >> 16) & 0xFF) + "," + ((rgb >> 8) & 0xFF) + "," + (rgb & 0xFF) + ")";
    }
}
