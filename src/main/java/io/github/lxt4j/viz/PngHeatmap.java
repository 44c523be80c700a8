package io.github.lxt4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A token heatmap drawn with Java2D: a white image of fixed width whose height fits the text, each token on a
 * rectangle of its {@link Colormap#BWR} color, black text, lines wrapped at the width. Works headless (the class sets
 * {@code java.awt.headless=true} when the property is unset). Characters the font cannot display become U+FFFD, or
 * {@code ?} where even that is missing. Images taller than {@link #MAX_HEIGHT} are refused.
 */
public final class PngHeatmap implements TokenHeatmap<BufferedImage> {
    static {
        Headless.ensure();
    }

    /**
     * The tallest image rendered, in pixels (32767, the limit of many image viewers and libraries): about 1,800
     * lines of tokens at the default size. A taller heatmap is refused before its image is allocated.
     */
    public static final int MAX_HEIGHT = 32_767;

    private int width = 800;
    private int fontSize = 18;
    private int padding = 10;
    private String fontName = Font.SANS_SERIF;

    /** A renderer 800 pixels wide with 18-pixel sans-serif text. */
    public PngHeatmap() {}

    /** Image width in pixels (default 800). */
    public PngHeatmap width(int width) {
        if (width <= 2 * padding) {
            throw new IllegalArgumentException(
                    "width must exceed twice the padding (" + 2 * padding + "), got " + width);
        }
        this.width = width;
        return this;
    }

    /** Font size in pixels (default 18). */
    public PngHeatmap fontSize(int fontSize) {
        if (fontSize <= 0) {
            throw new IllegalArgumentException("font size must be positive, got " + fontSize);
        }
        this.fontSize = fontSize;
        return this;
    }

    /** A font family or logical font name (default {@link Font#SANS_SERIF}). */
    public PngHeatmap font(String fontName) {
        this.fontName = Objects.requireNonNull(fontName, "fontName");
        return this;
    }

    /** Where each token's boxes go, in pixels of the rendered image. */
    public List<TokenBox> layout(String[] tokens) {
        Font font = font();
        Graphics2D g = scratch();
        try {
            return layout(tokens, font, g.getFontMetrics(font));
        } finally {
            g.dispose();
        }
    }

    @Override
    public BufferedImage render(String[] tokens, double[] relevance) {
        double[] r = TokenInputs.normalized(tokens, relevance);
        Font font = font();
        Graphics2D scratch = scratch();
        FontMetrics fm = scratch.getFontMetrics(font);
        List<TokenBox> boxes = layout(tokens, font, fm);
        scratch.dispose();
        int lineHeight = lineHeight(fm);
        double bottom = padding + lineHeight;
        for (TokenBox b : boxes) {
            bottom = Math.max(bottom, b.y() + lineHeight);
        }
        double height = Math.ceil(bottom) + padding;
        if (height > MAX_HEIGHT) {
            throw new HeatmapTooLargeException(String.format(
                    Locale.ROOT,
                    "the PNG heatmap of %d tokens"
                            + " would be %d x %.0f pixels, taller than the %d pixels rendered; render fewer tokens,"
                            + " or use the"
                            + " HTML or SVG heatmap",
                    tokens.length,
                    width,
                    height,
                    MAX_HEIGHT));
        }
        BufferedImage image = new BufferedImage(width, (int) height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(font);
            for (TokenBox b : boxes) {
                g.setColor(Colormap.BWR.color(r[b.token()]));
                g.fill(new Rectangle2D.Double(b.x(), b.y(), b.width(), b.height()));
                if (!b.text().isEmpty()) {
                    g.setColor(new Color(TextContrast.onBackground(Colormap.BWR.rgb(r[b.token()]))));
                    float baseline =
                            (float) (b.y() + (b.height() - fm.getAscent() - fm.getDescent()) / 2 + fm.getAscent());
                    g.drawString(b.text(), (float) b.x(), baseline);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes a PNG. */
    public void write(Path file, String[] tokens, double[] relevance) throws IOException {
        PngFiles.write(render(tokens, relevance), file);
    }

    /** Renders and writes a PNG. */
    public void write(Path file, String[] tokens, float[] relevance) throws IOException {
        PngFiles.write(render(tokens, relevance), file);
    }

    private List<TokenBox> layout(String[] tokens, Font font, FontMetrics fm) {
        String[] texts = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            texts[i] = displayable(font, DisplayText.sanitize(tokens[i]));
        }
        int lineHeight = lineHeight(fm);
        int boxHeight = fm.getAscent() + fm.getDescent() + 2;
        List<TokenBox> out = new ArrayList<>();
        ToDoubleFunction<String> measure =
                s -> font.getStringBounds(s, fm.getFontRenderContext()).getWidth();
        for (TokenLayout.Placed p : TokenLayout.layout(texts, measure, width - 2.0 * padding)) {
            out.add(new TokenBox(
                    p.token(), p.text(), padding + p.x(), padding + p.line() * lineHeight, p.width(), boxHeight));
        }
        return out;
    }

    private static int lineHeight(FontMetrics fm) {
        return fm.getAscent() + fm.getDescent() + fm.getLeading() + 6;
    }

    private Font font() {
        return new Font(fontName, Font.PLAIN, fontSize);
    }

    private Graphics2D scratch() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    private static String displayable(Font font, String s) {
        char fallback = font.canDisplay(DisplayText.REPLACEMENT) ? DisplayText.REPLACEMENT : '?';
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == '\n' || font.canDisplay(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(fallback);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
