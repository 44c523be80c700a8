package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.viz.DisplayText;
import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.HtmlMatrixHeatmap;
import io.github.lxt4j.viz.ImageHeatmap;
import io.github.lxt4j.viz.RelevanceMatrix;
import io.github.lxt4j.viz.TerminalHeatmap;
import io.github.lxt4j.viz.TerminalMatrixHeatmap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lxt4j show FILE}: renders a saved result again, without the model. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Render a saved result without loading a model: JSON Lines results of explain --jsonl,"
                    + " the batch safetensors output of explain --output, or the JSON of generate --json.",
            "The terminal shows every JSONL line; --html/--svg/--png/--pdf render the line chosen with --line."
                    + " A generation renders to the terminal and --html only."
        })
public final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .jsonl, .safetensors or generate .json file.")
    Path file;

    @Option(
            names = "--line",
            paramLabel = "N",
            defaultValue = "1",
            description = "JSONL: the line (1-based, counting result lines) for the file outputs (default:"
                    + " ${DEFAULT-VALUE}).")
    int line;

    @Option(
            names = "--row",
            paramLabel = "N",
            defaultValue = "0",
            description = "Safetensors: the batch row (default: ${DEFAULT-VALUE}).")
    int row;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description = "Safetensors: which method's relevance (default: the only one in the file).")
    String method;

    @Option(
            names = "--inputs",
            paramLabel = "FILE",
            description = "Safetensors: the batch input, for its input_ids"
                    + " and attention_mask (without it tokens show as positions).")
    Path inputs;

    @Option(names = "--tokenizer", paramLabel = "DIR|FILE", description = "Safetensors: spells the --inputs ids.")
    Path tokenizer;

    @Mixin
    AggregateOptions aggregate;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML heatmap (a matrix for a generation).")
    Path html;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write an SVG heatmap.")
    Path svg;

    @Option(names = "--png", paramLabel = "FILE", description = "Write a PNG heatmap.")
    Path png;

    @Option(names = "--pdf", paramLabel = "FILE", description = "Write a PDF heatmap.")
    Path pdf;

    @Mixin
    ScaleOptions scale;

    @Mixin
    ColorOptions color;

    @Override
    public Integer call() throws Exception {
        new OutputChecks()
                .input("the shown file", file)
                .input("the --inputs file", inputs)
                .input("the --tokenizer file", tokenizer)
                .file("--html", html)
                .file("--svg", svg)
                .file("--png", png)
                .file("--pdf", pdf)
                .check();
        scale.check();
        if (line < 1) {
            throw new IllegalArgumentException("--line counts result lines from 1, got " + line);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (file.getFileName().toString().endsWith(".safetensors")) {
            float[][] map = SavedResults.imageMap(file, method, row);
            if (map != null) {
                showImage(out, map);
                return 0;
            }
            SavedResults.Row r = scaled(SavedResults.safetensors(file, method, row, inputs, tokenizer));
            print(out, r);
            writeFiles(out, r);
            return 0;
        }
        try (LineReader lines = SavedResults.lines(file)) {
            String first = nextNonBlank(lines);
            if (first == null) {
                throw new Lxt4jException(file + ": no result lines");
            }
            if (first.strip().equals("{")) {
                showGeneration(out, GenerationJson.read(file));
            } else if (isGeneration(first)) {
                showGeneration(out, GenerationJson.parse(SavedResults.parse(first, lines.where()), file.toString()));
            } else {
                showResultLines(out, lines, first);
            }
        }
        return 0;
    }

    /**
     * Prints every result line as it is read (so memory holds one line, whatever the file's length) and renders line
     * {@code --line} to the file outputs.
     */
    private void showResultLines(PrintWriter out, LineReader lines, String first) throws IOException {
        SavedResults.Row chosen = null;
        int count = 0;
        for (String text = first; text != null; text = nextNonBlank(lines)) {
            for (SavedResults.Row raw :
                    SavedResults.jsonlRows(text, file + " line " + lines.number(), aggregate.words())) {
                SavedResults.Row r = scaled(raw);
                print(out, r);
                if (++count == line) {
                    chosen = r;
                }
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("--line " + line + " is outside 1.." + count + " of " + file);
        }
        writeFiles(out, chosen);
    }

    /** Whether a line is a whole saved generation (its compact form); a line that is not JSON is not one. */
    private static boolean isGeneration(String line) {
        try {
            return GenerationJson.isGeneration(SavedResults.parse(line, ""));
        } catch (Lxt4jException notJson) {
            return false;
        }
    }

    private static String nextNonBlank(LineReader lines) {
        String l;
        do {
            l = lines.next();
        } while (l != null && l.isBlank());
        return l;
    }

    /** The row with its relevance scaled for display (--skip-special, --clip-percentile). */
    private SavedResults.Row scaled(SavedResults.Row r) {
        return new SavedResults.Row(r.title(), r.tokens(), scale.apply(r.tokens(), r.relevance()));
    }

    private void print(PrintWriter out, SavedResults.Row r) {
        out.println(DisplayText.line(r.title()) + ":");
        out.println(new TerminalHeatmap().colors(color.enabled()).render(r.tokens(), r.relevance()));
    }

    private void writeFiles(PrintWriter out, SavedResults.Row chosen) throws IOException {
        if (html != null) {
            TokenOutputs.announce(out, html);
            new HtmlHeatmap().title(chosen.title()).write(html, chosen.tokens(), chosen.relevance());
            out.println("wrote " + html.toAbsolutePath());
        }
        TokenOutputs.write(out, chosen.tokens(), chosen.relevance(), pdf, svg, png);
        out.flush();
    }

    /** An image classifier's pixel relevance map: a PNG ({@code --png}), 8 pixels per map pixel at most 512 wide. */
    private void showImage(PrintWriter out, float[][] map) throws IOException {
        if (png == null || html != null || svg != null || pdf != null) {
            throw new IllegalArgumentException(file + " holds an image relevance map (row " + row + ", " + map[0].length
                    + "x" + map.length + "): render it with --png FILE");
        }
        int scale = Math.max(1, Math.min(8, 512 / map[0].length));
        TokenOutputs.announce(out, png);
        ImageHeatmap.write(
                new ImageHeatmap()
                        .size(map[0].length * scale, map.length * scale)
                        .render(map),
                png);
        out.println("wrote " + png.toAbsolutePath());
        out.flush();
    }

    private void showGeneration(PrintWriter out, GenerationJson.Saved saved) throws IOException {
        if (svg != null || png != null || pdf != null) {
            throw new IllegalArgumentException("a generation renders to the terminal and --html (a matrix);"
                    + " --svg/--png/--pdf draw one token sequence: use explain for those");
        }
        RelevanceMatrix m = GenerationMatrix.of(saved.result(), saved.scheme(), aggregate.words());
        out.printf(
                "%s: %s, %s, explains %s%n",
                file,
                saved.model(),
                saved.result().method().cliName(),
                saved.result().objective());
        out.print(new TerminalMatrixHeatmap().colors(color.enabled()).render(m));
        if (html != null) {
            TokenOutputs.announce(out, html);
            new HtmlMatrixHeatmap()
                    .title("lxt4j generate: " + file.getFileName())
                    .write(html, m);
            out.println("wrote " + html.toAbsolutePath());
        }
        out.flush();
    }
}
