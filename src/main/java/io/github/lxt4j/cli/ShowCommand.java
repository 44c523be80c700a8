package io.github.lxt4j.cli;

import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.HtmlMatrixHeatmap;
import io.github.lxt4j.viz.RelevanceMatrix;
import io.github.lxt4j.viz.TerminalHeatmap;
import io.github.lxt4j.viz.TerminalMatrixHeatmap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lxt4j show FILE}: renders a saved result again, without the model. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render a saved result without loading a model: JSON Lines results of explain --jsonl,"
                + " the batch safetensors output of explain --output, or the JSON of generate --json.",
            "The terminal shows every JSONL line; --html/--svg/--png/--pdf render the line chosen with --line."
                + " A generation renders to the terminal and --html only."})
public final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .jsonl, .safetensors or generate .json file.")
    Path file;

    @Option(names = "--line", paramLabel = "N", defaultValue = "1",
            description = "JSONL: the line (1-based, counting result lines) for the file outputs (default:"
                    + " ${DEFAULT-VALUE}).")
    int line;

    @Option(names = "--row", paramLabel = "N", defaultValue = "0",
            description = "Safetensors: the batch row (default: ${DEFAULT-VALUE}).")
    int row;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "Safetensors: which method's relevance (default: the only one in the file).")
    String method;

    @Option(names = "--inputs", paramLabel = "FILE", description = "Safetensors: the batch input, for its input_ids"
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
        TokenOutputs.check(html, svg, png, pdf);
        PrintWriter out = spec.commandLine().getOut();
        boolean colors = color.enabled();
        if (file.getFileName().toString().endsWith(".safetensors")) {
            SavedResults.Row r = SavedResults.safetensors(file, method, row, inputs, tokenizer);
            render(out, List.of(r), r, colors);
            return 0;
        }
        List<String> lines = SavedResults.readLines(file);
        if (SavedResults.looksLikeOneDocument(lines)) {
            showGeneration(out, colors);
            return 0;
        }
        List<SavedResults.Row> rows = SavedResults.jsonl(file, lines, aggregate.words());
        if (line < 1 || line > rows.size()) {
            throw new IllegalArgumentException("--line " + line + " is outside 1.." + rows.size() + " of " + file);
        }
        render(out, rows, rows.get(line - 1), colors);
        return 0;
    }

    private void render(PrintWriter out, List<SavedResults.Row> given, SavedResults.Row picked, boolean colors)
            throws IOException {
        List<SavedResults.Row> rows = given.stream().map(r -> new SavedResults.Row(r.title(), r.tokens(),
                scale.apply(r.tokens(), r.relevance()))).toList();
        SavedResults.Row chosen = rows.get(given.indexOf(picked));
        TerminalHeatmap term = new TerminalHeatmap().colors(colors);
        for (SavedResults.Row r : rows) {
            out.println(r.title() + ":");
            out.println(term.render(r.tokens(), r.relevance()));
        }
        if (html != null) {
            TokenOutputs.announce(out, html);
            new HtmlHeatmap().title(chosen.title()).write(html, chosen.tokens(), chosen.relevance());
            out.println("wrote " + html.toAbsolutePath());
        }
        TokenOutputs.write(out, chosen.tokens(), chosen.relevance(), pdf, svg, png);
        out.flush();
    }

    private void showGeneration(PrintWriter out, boolean colors) throws IOException {
        if (svg != null || png != null || pdf != null) {
            throw new IllegalArgumentException("a generation renders to the terminal and --html (a matrix);"
                    + " --svg/--png/--pdf draw one token sequence: use explain for those");
        }
        GenerationJson.Saved saved = GenerationJson.read(file);
        RelevanceMatrix m = GenerationMatrix.of(saved.result(), saved.scheme(), aggregate.words());
        out.printf("%s: %s, %s, explains %s%n", file, saved.model(), saved.result().method().cliName(),
                saved.result().objective());
        out.print(new TerminalMatrixHeatmap().colors(colors).render(m));
        if (html != null) {
            TokenOutputs.announce(out, html);
            new HtmlMatrixHeatmap().title("lxt4j generate: " + file.getFileName()).write(html, m);
            out.println("wrote " + html.toAbsolutePath());
        }
        out.flush();
    }
}
