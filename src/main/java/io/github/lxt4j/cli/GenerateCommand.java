package io.github.lxt4j.cli;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.GenerationAttribution;
import io.github.lxt4j.explain.GenerationExplainer;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.DisplayText;
import io.github.lxt4j.viz.HtmlMatrixHeatmap;
import io.github.lxt4j.viz.RelevanceMatrix;
import io.github.lxt4j.viz.TerminalMatrixHeatmap;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lxt4j generate}: greedy generation with every generated token explained (a lower-triangular matrix). */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate greedily from a causal LM and explain every generated token against the prompt and"
                    + " the tokens generated before it.",
            "Each row shows the generated token, its probability p and the entropy H (nats) of the next-token"
                    + " distribution, then the relevance of each earlier token (each row on its own scale).",
            "Without --contrast a row explains the token's logit; with --contrast TOKEN it explains"
                    + " p(token) - p(TOKEN), Inseq's contrast_prob_diff.",
            "Without --model it runs the embedded kv-retrieval demo model on its demo prompt."
        })
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PROMPT",
            description = "The prompt (default: the demo" + " prompt).")
    String prompt;

    @Option(
            names = "--model",
            paramLabel = "DIR|HUB_ID",
            description = "HF folder, sharded folder, or hub id in the"
                    + " local HF cache (default: the embedded demo model).")
    String model;

    @Option(
            names = "--max-new-tokens",
            paramLabel = "N",
            defaultValue = "3",
            description = "Tokens to generate; stops early at eos_token_id (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "attnlrp",
            description = "attnlrp, cp-lrp or gradient-x-input (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--contrast",
            paramLabel = "TOKEN",
            description = "Explain p(generated) - p(TOKEN) at every step" + " (a token string or id).")
    String contrast;

    @Mixin
    AggregateOptions aggregate;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write the matrix as HTML (hover a cell for its" + " values).")
    Path html;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Save the result as JSON (lxt4j show FILE renders" + " it again).")
    Path json;

    @Mixin
    ScaleOptions scale;

    @Mixin
    ColorOptions color;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    MemoryOptions memory;

    @Override
    public Integer call() throws Exception {
        Method m = Method.parse(method);
        scale.check();
        boolean words = aggregate.words();
        MemoryBudget budget = memory.effective(false);
        Path dir = ModelResolver.resolve(model);
        new OutputChecks()
                .modelFolder(dir)
                .input("the --tokenizer file", tokenizer.file)
                .file("--html", html)
                .file("--json", json)
                .check();
        String text = prompt == null ? DemoModel.DEFAULT_PROMPT : prompt;
        PrintWriter out = spec.commandLine().getOut();
        try (TensorScope scope = TensorScope.open();
                CausalLmExplainer ex = CliModels.causalLm(
                        dir,
                        runtime.loadOptions(),
                        tokenizer.file(),
                        "generate needs a causal LM (" + AutoModel.familiesWith(Capability.CAUSAL_LM) + ")")) {
            ex.memoryBudget(budget);
            if (ex.tokenizer() == null) {
                throw new InvalidInputException("generate needs the model's tokenizer.json, which " + dir + " lacks;"
                        + " give one with --tokenizer FILE");
            }
            Long contrastId = contrast == null ? null : TokenArgument.parse(contrast, ex.tokenizer(), "--contrast");
            GenerationAttribution g;
            try (Progress steps = Progress.open(spec.commandLine().getErr(), "[generate] step", maxNewTokens, "")) {
                g = new GenerationExplainer(ex).onStep(steps::stepTo).explain(text, maxNewTokens, contrastId, m);
            }
            TokenScheme scheme = TokenScheme.of(ex.tokenizer().tokenizerFile());
            RelevanceMatrix matrix = scaled(GenerationMatrix.of(g, scheme, words));
            String contrastToken = contrastId == null ? null : ex.display(new long[] {contrastId})[0];
            String shownContrast = contrastToken == null
                    ? ""
                    : " (contrast '" + DisplayText.line(contrastToken) + "', id " + contrastId + ")";
            out.printf(
                    "model: %s   method: %s   explains: %s%s%n",
                    model == null ? "embedded demo (kv-retrieval)" : model, m.cliName(), g.objective(), shownContrast);
            out.println("generated: "
                    + DisplayText.line(String.join(
                                    "",
                                    Arrays.copyOfRange(
                                            TokenCleaner.cleanOrPassThrough(g.tokens(), scheme),
                                            g.promptLength(),
                                            g.tokens().length))
                            .strip()));
            out.print(new TerminalMatrixHeatmap().colors(color.enabled()).render(matrix));
            if (html != null) {
                String title = String.format(Locale.ROOT, "lxt4j generate (%s, %s)", m.cliName(), g.objective());
                TokenOutputs.announce(out, html);
                new HtmlMatrixHeatmap().title(title).write(html, matrix);
                out.println("wrote " + html.toAbsolutePath());
            }
            if (json != null) {
                TokenOutputs.announce(out, json);
                GenerationJson.write(
                        json, g, scheme, model == null ? "embedded demo (kv-retrieval)" : model, contrastToken);
                out.println("wrote " + json.toAbsolutePath());
            }
        }
        out.flush();
        return 0;
    }

    /** Each row scaled for display by --skip-special/--clip-percentile (unchanged without them). */
    private RelevanceMatrix scaled(RelevanceMatrix m) {
        double[][] rows = new double[m.rows().length][];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = scale.apply(Arrays.copyOf(m.columns(), m.rows()[k].length), m.rows()[k]);
        }
        return new RelevanceMatrix(
                m.columns(), m.promptLength(), m.rowLabels(), rows, m.probabilities(), m.entropies());
    }
}
