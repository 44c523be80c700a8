package io.github.lxt4j.cli;

import io.github.lxt4j.viz.PdfHeatmap;
import io.github.lxt4j.viz.PngHeatmap;
import io.github.lxt4j.viz.SvgHeatmap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The optional PDF, SVG and PNG token heatmaps of a command, each reported (and a replaced file named) on stdout. */
final class TokenOutputs {
    private TokenOutputs() {}

    static void write(PrintWriter out, String[] tokens, double[] relevance, Path pdf, Path svg, Path png)
            throws IOException {
        if (pdf != null) {
            announce(out, pdf);
            new PdfHeatmap().cropToContent(true).write(pdf, tokens, relevance);
            out.println("wrote " + pdf.toAbsolutePath());
        }
        if (svg != null) {
            announce(out, svg);
            new SvgHeatmap().write(svg, tokens, relevance);
            out.println("wrote " + svg.toAbsolutePath());
        }
        if (png != null) {
            announce(out, png);
            new PngHeatmap().write(png, tokens, relevance);
            out.println("wrote " + png.toAbsolutePath());
        }
    }

    /** Says so on stdout when {@code file} exists and is about to be replaced. */
    static void announce(PrintWriter out, Path file) {
        if (Files.exists(file)) {
            out.println("replacing " + file.toAbsolutePath());
        }
    }
}
