package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A token heatmap as LaTeX source, in the style of LXT's {@code pdf_heatmap}: a {@code standalone} document with
 * {@code xcolor} in which each token is {@code \colorbox[RGB]{r,g,b}{\strut text}} in its {@link Colormap#BWR}
 * color. Compile it with {@link LatexCompiler} (xelatex or pdflatex), or use {@link PdfHeatmap} to get a PDF without
 * TeX.
 *
 * <p>Every LaTeX special character is escaped (see {@link #escape(String)}). Spaces are kept as control spaces
 * ({@code \ }), so runs of spaces survive; a token's leading spaces go between boxes, uncolored (and are dropped at
 * the start of a line), and an all-blank token keeps its spaces inside its box. A line break in a token ends the
 * paragraph. The document works with xelatex, lualatex and pdflatex. Under pdflatex it loads T1 fonts and prints
 * {@code ?} for characters that LaTeX has no definition for (CJK, emoji), as {@link PdfHeatmap} does; under xelatex,
 * glyphs missing from the font are dropped with a warning in the log.
 */
public final class LatexHeatmap implements TokenHeatmap<String> {
    private double widthMm = 200;

    /** A renderer whose lines wrap at 200 mm, as in LXT. */
    public LatexHeatmap() {}

    /** Maximal line width in millimetres (default 200); shorter text makes a narrower page. */
    public LatexHeatmap widthMm(double widthMm) {
        if (!(widthMm > 0) || Double.isInfinite(widthMm)) {
            throw new IllegalArgumentException("width must be positive and finite, got " + widthMm);
        }
        this.widthMm = widthMm;
        return this;
    }

    /** The complete LaTeX document. */
    @Override
    public String render(String[] tokens, double[] relevance) {
        double[] r = TokenInputs.normalized(tokens, relevance);
        StringBuilder out = new StringBuilder();
        out.append("% Token relevance heatmap written by lxt4j (colormap bwr: blue < 0 < red)\n")
                .append("\\documentclass[border=2pt,varwidth=")
                .append(String.format(Locale.ROOT, "%.1f", widthMm))
                .append("mm]{standalone}\n")
                .append("% pdflatex: T1 fonts; characters without a LaTeX definition print as ? instead of failing\n")
                .append("\\ifdefined\\XeTeXversion\\else\\ifdefined\\directlua\\else\n")
                .append("\\usepackage[T1]{fontenc}\n")
                .append("\\makeatletter\\def\\UTFviii@undefined@err#1{?}\\makeatother\n")
                .append("\\fi\\fi\n")
                .append("\\usepackage{xcolor}\n")
                .append("\\begin{document}\n")
                .append("\\setlength{\\fboxsep}{0pt}%\n")
                .append("\\setlength{\\parindent}{0pt}%\n");
        boolean lineStart = true;
        for (int i = 0; i < tokens.length; i++) {
            lineStart = appendToken(out, DisplayText.sanitize(tokens[i]), Colormap.BWR.rgbComponents(r[i]), lineStart);
        }
        return out.append("\n\\end{document}\n").toString();
    }

    /** Writes the document as UTF-8. */
    public void write(Path texFile, String[] tokens, double[] relevance) throws IOException {
        SafeOutput.writeUtf8(texFile, render(tokens, relevance));
    }

    /** Writes the document as UTF-8. */
    public void write(Path texFile, String[] tokens, float[] relevance) throws IOException {
        SafeOutput.writeUtf8(texFile, render(tokens, relevance));
    }

    /**
     * Escapes text for LaTeX's text mode: {@code \ ~ ^} become {@code \textbackslash{}}, {@code \textasciitilde{}},
     * {@code \textasciicircum{}}; {@code & % $ # _ { }} get a backslash; {@code < > |} become {@code \textless{}},
     * {@code \textgreater{}}, {@code \textbar{}}; a space becomes the control space {@code \ }; a line break becomes
     * {@code \par}. An empty group {@code {}} separates characters that TeX would merge into a ligature ({@code --}
     * into an en dash, {@code ``} into a quote), so every character prints as itself.
     */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '~' -> out.append("\\textasciitilde{}");
                case '^' -> out.append("\\textasciicircum{}");
                case '<' -> out.append("\\textless{}");
                case '>' -> out.append("\\textgreater{}");
                case '|' -> out.append("\\textbar{}");
                case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(c);
                case ' ' -> out.append("\\ ");
                case '\n' -> out.append("\\par ");
                default -> out.append(c);
            }
            if (i + 1 < s.length() && formsLigature(c, s.charAt(i + 1))) {
                out.append("{}");
            }
        }
        return out.toString();
    }

    /** TeX's text ligatures: -- and ---, `` and '', ,, (T1), and !` ?` (inverted marks). */
    private static boolean formsLigature(char c, char next) {
        return (next == c && (c == '-' || c == '`' || c == '\'' || c == ','))
                || ((c == '!' || c == '?') && next == '`');
    }

    /** Appends one token; returns whether it ended with a line break. Leading spaces at a line start are dropped. */
    private static boolean appendToken(StringBuilder out, String text, int[] rgb, boolean lineStart) {
        int lead = DisplayText.isBlank(text) ? 0 : DisplayText.leadingSpaces(text);
        if (!lineStart) {
            out.append(escape(text.substring(0, lead)));
        }
        String[] lines = text.substring(lead).split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            if (k > 0) {
                out.append("\\par\n");
            }
            if (k > 0 && lines[k].isEmpty()) {
                continue;
            }
            out.append("\\colorbox[RGB]{")
                    .append(rgb[0])
                    .append(',')
                    .append(rgb[1])
                    .append(',')
                    .append(rgb[2])
                    .append("}{\\strut ")
                    .append(escape(lines[k]))
                    .append('}');
        }
        return lines.length > 1 && lines[lines.length - 1].isEmpty();
    }
}
