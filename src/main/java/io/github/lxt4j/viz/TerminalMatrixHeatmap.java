package io.github.lxt4j.viz;

import java.util.Arrays;
import java.util.Locale;

/**
 * A {@link RelevanceMatrix} for the terminal: one line per generated token, {@code → TOKEN  p=… H=…} followed by
 * the {@link TerminalHeatmap} of the tokens it was explained against (each row on its own scale).
 */
public final class TerminalMatrixHeatmap {
    private final TerminalHeatmap tokens = new TerminalHeatmap();

    /** Whether to emit ANSI colors (default) or plain text with relevance brackets. */
    public TerminalMatrixHeatmap colors(boolean colors) {
        tokens.colors(colors);
        return this;
    }

    public String render(RelevanceMatrix m) {
        int width = 0;
        for (String label : m.rowLabels()) {
            width = Math.max(width, label(label).length());
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < m.rows().length; k++) {
            double[] row = m.rows()[k];
            String[] context = Arrays.copyOf(m.columns(), row.length);
            out.append(String.format(
                            Locale.ROOT,
                            "→ %-" + width + "s  p=%.3f H=%.3f  ",
                            label(m.rowLabels()[k]),
                            m.probabilities()[k],
                            m.entropies()[k]))
                    .append(tokens.render(context, row))
                    .append('\n');
        }
        return out.toString();
    }

    private static String label(String token) {
        return "'" + DisplayText.sanitize(token).replace("\n", DisplayText.NEWLINE_MARK) + "'";
    }
}
