package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link RelevanceMatrix} as one self-contained HTML page (inline CSS, no scripts): a table whose header row holds
 * the prompt and generated tokens, one row per generated token with its cells on the {@link Colormap#BWR} color of
 * the row-normalised relevance, and the step scores (probability p, entropy H) in the last two columns. Every
 * attributed cell has class {@code cell} and a {@code title} (hover tooltip) with the column token, the raw relevance
 * and the normalised value; cells right of the diagonal have class {@code none}. Cell text is black or white,
 * whichever contrasts more with the background.
 */
public final class HtmlMatrixHeatmap {
    private String title = "Generation relevance";

    /** The page title, also shown as a heading. */
    public HtmlMatrixHeatmap title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    public String render(RelevanceMatrix m) {
        String t = HtmlHeatmap.escape(DisplayText.sanitize(title));
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>")
                .append(t)
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;color:#000;"
                        + "background:#fff}\n")
                .append("table.matrix{border-collapse:collapse;font-size:13px}\n")
                .append(".matrix th,.matrix td{border:1px solid #ddd;padding:3px 6px;text-align:center;"
                        + "white-space:pre}\n")
                .append(".matrix thead th{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal}\n")
                .append(".matrix th.generated{font-weight:bold}\n.matrix td.none{background:#f7f7f7}\n")
                .append(".matrix td.score{color:#333;font-variant-numeric:tabular-nums}\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(t)
                .append("</h1>\n<table class=\"matrix\">\n")
                .append("<thead><tr><th></th>");
        for (int j = 0; j < m.columns().length; j++) {
            out.append("<th class=\"")
                    .append(j < m.promptLength() ? "prompt" : "generated")
                    .append("\">")
                    .append(cellText(m.columns()[j]))
                    .append("</th>");
        }
        out.append("<th>p</th><th>H</th></tr></thead>\n<tbody>\n");
        for (int k = 0; k < m.rows().length; k++) {
            double[] raw = m.rows()[k];
            double[] r = m.normalizedRow(k);
            out.append("<tr><th class=\"generated\">")
                    .append(cellText(m.rowLabels()[k]))
                    .append("</th>");
            for (int j = 0; j < m.columns().length; j++) {
                if (j >= raw.length) {
                    out.append("<td class=\"none\"></td>");
                    continue;
                }
                int bg = Colormap.BWR.rgb(r[j]);
                out.append("<td class=\"cell\" style=\"background-color:")
                        .append(css(bg))
                        .append(";color:")
                        .append(TextContrast.onBackground(bg) == 0xFFFFFF ? "#fff" : "#000")
                        .append("\" title=\"")
                        .append(HtmlHeatmap.escape(DisplayText.sanitize(m.columns()[j])))
                        .append(String.format(Locale.ROOT, ": R=%.4g (%+.3f)", raw[j], r[j]))
                        .append("\">")
                        .append(String.format(Locale.ROOT, "%.2f", r[j]))
                        .append("</td>");
            }
            out.append(String.format(
                    Locale.ROOT,
                    "<td class=\"score\">%.3f</td><td class=\"score\">%.3f</td></tr>%n",
                    m.probabilities()[k],
                    m.entropies()[k]));
        }
        out.append("</tbody>\n</table>\n<p>Rows: generated tokens; columns: prompt, then generated tokens. Each row is"
                + " scaled by its own max |R| (blue negative, red positive); hover a cell for the raw relevance."
                + " p: probability of the generated token; H: entropy of the next-token distribution (nats).</p>\n"
                + "</body>\n</html>\n");
        return out.toString();
    }

    /** Writes the page as UTF-8 through the output policy. */
    public void write(Path file, RelevanceMatrix m) throws IOException {
        SafeOutput.writeUtf8(file, render(m));
    }

    private static String cellText(String token) {
        return HtmlHeatmap.escape(DisplayText.sanitize(token).replace("\n", DisplayText.NEWLINE_MARK));
    }

    private static String css(int rgb) {
        return "rgb(" + ((rgb >> 16) & 0xFF) + "," + ((rgb >> 8) & 0xFF) + "," + (rgb & 0xFF) + ")";
    }
}
