package io.github.lxt4j.viz;

import java.util.Locale;

/**
 * A token heatmap for 24-bit color terminals: each token's text on its {@link Colormap#BWR} color, as
 * {@code ESC[48;2;R;G;Bm ESC[38;2;0;0;0m text ESC[0m}, exactly one background sequence per token. A token's leading
 * spaces stay outside the color. A line break inside a token is shown as {@code ↵} in the color and emitted after
 * the reset. Control characters in tokens are replaced by U+FFFD, so tokens cannot inject escape sequences.
 *
 * <p>With {@code colors(false)} the output is plain text: each token followed by its normalised relevance in
 * brackets, as in {@code Hello[+1.00] world[-0.25]}.
 */
public final class TerminalHeatmap implements TokenHeatmap<String> {
    /** Control sequence introducer. */
    public static final String ESC = "\u001b[";
    /** Resets all attributes. */
    public static final String RESET = ESC + "0m";

    private boolean colors = true;

    /** A renderer with colors on. */
    public TerminalHeatmap() {}

    /** Whether to emit ANSI colors (default) or plain text with relevance brackets. */
    public TerminalHeatmap colors(boolean colors) {
        this.colors = colors;
        return this;
    }

    @Override
    public String render(String[] tokens, double[] relevance) {
        double[] r = TokenInputs.normalized(tokens, relevance);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            String text = DisplayText.sanitize(tokens[i]);
            int lead = DisplayText.isBlank(text) ? 0 : DisplayText.leadingSpaces(text);
            String body = text.substring(lead);
            long breaks = body.chars().filter(c -> c == '\n').count();
            body = body.replace("\n", DisplayText.NEWLINE_MARK);
            out.append(text, 0, lead);
            if (colors) {
                int[] c = Colormap.BWR.rgbComponents(r[i]);
                out.append(ESC)
                        .append("48;2;")
                        .append(c[0])
                        .append(';')
                        .append(c[1])
                        .append(';')
                        .append(c[2])
                        .append('m')
                        .append(ESC)
                        .append(
                                TextContrast.onBackground(Colormap.BWR.rgb(r[i])) == 0
                                        ? "38;2;0;0;0m"
                                        : "38;2;255;255;255m")
                        .append(body)
                        .append(RESET);
            } else {
                out.append(body).append(String.format(Locale.ROOT, "[%+.2f]", r[i]));
            }
            out.append("\n".repeat((int) breaks));
        }
        return out.toString();
    }
}
