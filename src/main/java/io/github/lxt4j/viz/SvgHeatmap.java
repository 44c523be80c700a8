package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A token heatmap as one self-contained SVG document: per token a {@code <g class="token">} holding a
 * {@code <title>} with its relevance and, per box (one unless the token spans lines), a {@code <rect>} in its
 * {@link Colormap#BWR} color and a {@code <text>}. Text is XML-escaped and whitespace is preserved.
 *
 * <p>Lines wrap at the given width. The layout assumes a monospace font whose advance is 0.6 em (DejaVu Sans Mono,
 * Menlo, Consolas, Courier) and counts East Asian wide characters twice; each {@code <text>} also carries
 * {@code textLength}, so it fills its box exactly even where the viewer's font differs.
 */
public final class SvgHeatmap implements TokenHeatmap<String> {
    private static final double ADVANCE_EM = 0.6;

    private double width = 800;
    private double fontSize = 16;
    private double padding = 8;

    /** A renderer 800 units wide with 16-unit text. */
    public SvgHeatmap() {}

    /** Total width of the drawing, in SVG user units (default 800). Lines wrap inside it. */
    public SvgHeatmap width(double width) {
        this.width = positive(width, "width");
        return this;
    }

    /** Font size in user units (default 16). */
    public SvgHeatmap fontSize(double fontSize) {
        this.fontSize = positive(fontSize, "font size");
        return this;
    }

    /** Where each token's boxes go, in SVG user units. */
    public List<TokenBox> layout(String[] tokens) {
        String[] texts = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            texts[i] = DisplayText.sanitize(tokens[i]);
        }
        double lineHeight = 1.5 * fontSize;
        double contentWidth = width - 2 * padding;
        if (contentWidth < fontSize) {
            throw new IllegalArgumentException("width " + width + " leaves no room for text of size " + fontSize);
        }
        List<TokenBox> out = new ArrayList<>();
        for (TokenLayout.Placed p : TokenLayout.layout(texts, this::measure, contentWidth)) {
            out.add(new TokenBox(
                    p.token(), p.text(), padding + p.x(), padding + p.line() * lineHeight, p.width(), 1.3 * fontSize));
        }
        return out;
    }

    @Override
    public String render(String[] tokens, double[] relevance) {
        double[] r = TokenInputs.normalized(tokens, relevance);
        List<TokenBox> boxes = layout(tokens);
        double lineHeight = 1.5 * fontSize;
        int lines = 0;
        for (TokenBox b : boxes) {
            lines = Math.max(lines, (int) Math.round((b.y() - padding) / lineHeight) + 1);
        }
        double height = 2 * padding + Math.max(lines, 1) * lineHeight;
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                .append(num(width))
                .append("\" height=\"")
                .append(num(height))
                .append("\" viewBox=\"0 0 ")
                .append(num(width))
                .append(' ')
                .append(num(height))
                .append("\" font-family=\"'DejaVu Sans Mono',Menlo,Consolas,")
                .append("'Courier New',monospace\" font-size=\"")
                .append(num(fontSize))
                .append("\" style=\"background-color:#ffffff\">\n");
        int b = 0;
        for (int i = 0; i < tokens.length; i++) {
            out.append("<g class=\"token\" data-index=\"")
                    .append(i)
                    .append("\"><title>")
                    .append(String.format(Locale.ROOT, "R=%.4g (%+.3f)", relevance[i], r[i]))
                    .append("</title>");
            String fill = Colormap.hex(Colormap.BWR.rgb(r[i]));
            for (; b < boxes.size() && boxes.get(b).token() == i; b++) {
                TokenBox box = boxes.get(b);
                out.append("<rect x=\"")
                        .append(num(box.x()))
                        .append("\" y=\"")
                        .append(num(box.y()))
                        .append("\" width=\"")
                        .append(num(box.width()))
                        .append("\" height=\"")
                        .append(num(box.height()))
                        .append("\" fill=\"")
                        .append(fill)
                        .append("\"/>");
                if (!box.text().isEmpty()) {
                    out.append("<text x=\"")
                            .append(num(box.x()))
                            .append("\" y=\"")
                            .append(num(box.y() + 1.0 * fontSize))
                            .append("\" textLength=\"")
                            .append(num(box.width()))
                            .append("\" lengthAdjust=\"spacingAndGlyphs\"")
                            .append(" xml:space=\"preserve\" fill=\"")
                            .append(Colormap.hex(TextContrast.onBackground(Colormap.BWR.rgb(r[i]))))
                            .append("\">")
                            .append(escape(box.text()))
                            .append("</text>");
                }
            }
            out.append("</g>\n");
        }
        return out.append("</svg>\n").toString();
    }

    /** Writes the SVG as UTF-8. */
    public void write(Path file, String[] tokens, double[] relevance) throws IOException {
        SafeOutput.writeUtf8(file, render(tokens, relevance));
    }

    /** Writes the SVG as UTF-8. */
    public void write(Path file, String[] tokens, float[] relevance) throws IOException {
        SafeOutput.writeUtf8(file, render(tokens, relevance));
    }

    /** Escapes {@code & < > " '} for XML text and attributes. */
    public static String escape(String s) {
        return HtmlHeatmap.escape(s).replace("&#39;", "&apos;");
    }

    private double measure(String s) {
        double columns = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            columns += isWide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return columns * ADVANCE_EM * fontSize;
    }

    /** East Asian wide and fullwidth ranges, and the common emoji blocks. */
    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private static double positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
        return v;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }
}
