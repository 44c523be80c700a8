package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClipExplainer;
import io.github.lxt4j.explain.ClipExplanation;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.ImageClassifierExplainer;
import io.github.lxt4j.explain.InvalidInputException;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Seq2SeqExplanation;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.io.images.ImageFiles;
import io.github.lxt4j.models.DualEncoder;
import io.github.lxt4j.models.SequenceTooLongException;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ClipHeatmaps;
import io.github.lxt4j.viz.DisplayText;
import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.LatexCompiler;
import io.github.lxt4j.viz.LatexHeatmap;
import io.github.lxt4j.viz.TerminalHeatmap;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import io.github.lxt4j.viz.WordAggregation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lxt4j explain}: a prompt heatmap in the terminal and as HTML, or the safetensors batch interface. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain a model's next-token prediction with LRP.",
            "Without --model it runs the embedded demo model, a 3-layer LLaMA trained on prompts of exactly six facts"
                    + " ('NAME likes THING .') followed by 'so NAME likes'; shorter or other prompts are outside its"
                    + " training distribution and give meaningless answers.",
            "Batch mode (--inputs/--output) reads and writes safetensors keyed like the fixtures.",
            "JSON Lines mode (--prompts/--jsonl, decoder LMs and T5) streams prompts to one JSON result line each;"
                    + " a bad line stops the run after the lines before it are written (see docs/cli.md)."
        })
public final class ExplainCommand implements Callable<Integer> {
    private static final String CLIP_PNG = "heatmap.png";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PROMPT",
            description = "The prompt (default: the demo prompt).")
    String prompt;

    @Option(
            names = "--model",
            paramLabel = "DIR|HUB_ID",
            description = "HF folder, sharded folder, or hub id in the local HF cache "
                    + "(default: the embedded demo model).")
    String model;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "attnlrp",
            description = "attnlrp, cp-lrp, gradient-x-input or cp-lrp-gamma (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--inputs",
            paramLabel = "IN.safetensors",
            description = "Batch mode: input safetensors (input_ids, attention_mask, …).")
    Path inputs;

    @Option(names = "--output", paramLabel = "OUT.safetensors", description = "Batch mode: output safetensors.")
    Path output;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    JsonlOptions jsonl;

    @Mixin
    WorkersOption workers;

    @Mixin
    AggregateOptions aggregate;

    @Mixin
    OverlayOptions overlay;

    @Mixin
    ScaleOptions scale;

    @Option(
            names = "--target",
            split = ",",
            paramLabel = "TARGET",
            description = "Prompt mode: a token string or"
                    + " id; batch: a token id (a classifier: a class index) per row; CLIP: I,J of similarity[I,J];"
                    + " classifiers: a label name or index. Default: the argmax.")
    String[] target;

    @Option(
            names = "--contrast",
            paramLabel = "LABEL",
            description = "Classifiers: explain logit(target) −"
                    + " logit(LABEL), the target being --target or the predicted label.")
    String contrast;

    @Option(names = "--layers", description = "Also write latent relevance at each layer's input.")
    boolean layers;

    @Option(
            names = "--checkpoint",
            description = "Per-layer activation checkpointing (decoder LMs): the same"
                    + " relevance with a lower peak memory, the forward runs twice; for big models with --weights.")
    boolean checkpoint;

    @Mixin
    MemoryOptions memory;

    @Option(
            names = "--conv-gamma",
            paramLabel = "G",
            defaultValue = "0.25",
            description = "Gamma of the patch conv (cp-lrp-gamma).")
    double convGamma;

    @Option(
            names = "--linear-gamma",
            paramLabel = "G",
            defaultValue = "0.05",
            description = "Gamma of the MLP linears (cp-lrp-gamma).")
    double linearGamma;

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            description = "CLIP or an image classifier (ViT): the image to" + " explain (PNG or JPEG).")
    Path image;

    @Option(
            names = "--text",
            paramLabel = "CAPTION",
            description = "CLIP: a caption; repeat for several. The heatmap explains the image's "
                    + "similarity to --target 0,J (default: the most similar caption).")
    List<String> texts;

    @Option(
            names = "--target-prefix",
            paramLabel = "TEXT",
            description = "T5: the decoder prefix after the start token " + "(the explained token comes after it).")
    String targetPrefix;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            defaultValue = "heatmap.html",
            description = "Where to write the HTML heatmap (CLIP: of the explained caption).")
    Path html;

    @Mixin
    ColorOptions color;

    @Option(names = "--pdf", paramLabel = "FILE", description = "Also write a PDF heatmap (pure Java, no TeX needed).")
    Path pdf;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also write an SVG heatmap.")
    Path svg;

    @Option(
            names = "--png",
            paramLabel = "FILE.png",
            description = "Also write a PNG heatmap; CLIP: the image" + " overlay (there default " + CLIP_PNG + ").")
    Path png;

    @Option(
            names = "--latex",
            paramLabel = "FILE.tex",
            description = "Also write LaTeX source (LXT's pdf_heatmap); compile it with --compile-latex.")
    Path latex;

    @Option(names = "--compile-latex", description = "Compile the --latex source with xelatex or pdflatex.")
    boolean compileLatex;

    @Override
    public Integer call() throws Exception {
        jsonl.check(spec.commandLine().getParseResult());
        scale.check();
        overlay.check();
        Method m = Method.parse(method);
        MemoryBudget budget = memory.effective(checkpoint);
        Path dir = ModelResolver.resolve(model);
        if (jsonl.active()) {
            return new JsonlExplainMode(
                            jsonl,
                            System.in,
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr())
                    .words(aggregate.words())
                    .workers(workers.count(runtime.backend))
                    .run(dir, runtime.loadOptions(), tokenizer.file(), budget, m);
        }
        if ((inputs == null) != (output == null)) {
            throw new IllegalArgumentException("batch mode needs both --inputs and --output");
        }
        checkOutputs(dir);
        try (TensorScope scope = TensorScope.open();
                BatchExplainable ex = CliModels.load(dir, runtime.loadOptions(), tokenizer.file(), budget)) {
            if (inputs != null) {
                return batch(ex, m);
            }
            if (aggregate.words()) {
                ex.accept(
                        new ModeDispatch<Void>(() -> new IllegalArgumentException("--aggregate words is supported"
                                + " for decoder LMs (prompt and JSON Lines modes) and generate, not for " + dir)) {
                            @Override
                            public Void visitCausalLm(CausalLmExplainer lm) {
                                return null;
                            }
                        });
            }
            return ex.accept(image != null || texts != null ? imageMode(m, dir) : promptMode(m, dir))
                    .call();
        }
    }

    /** {@code --image/--text}: CLIP only. */
    private ModeDispatch<Callable<Integer>> imageMode(Method m, Path dir) {
        return new ModeDispatch<>(() -> new UnsupportedModelException(
                "--image/--text need a CLIP model or an" + " image classifier, got " + dir)) {
            @Override
            public Callable<Integer> visitClip(ClipExplainer ex) {
                return () -> imageMode(ex, m, dir);
            }

            @Override
            public Callable<Integer> visitImageClassifier(ImageClassifierExplainer ex) {
                return () -> new ClassifierModes(
                                ExplainCommand.this, spec.commandLine().getOut())
                        .image(ex, m, dir);
            }
        };
    }

    /** A prompt: causal LMs and T5. */
    private ModeDispatch<Callable<Integer>> promptMode(Method m, Path dir) {
        return new ModeDispatch<>(() -> new UnsupportedModelException("prompt mode supports causal LMs, T5 and"
                + " text classifiers; use --inputs/--output (or --image for an image model) for " + dir)) {
            @Override
            public Callable<Integer> visitTextClassifier(ClassifierExplainer ex) {
                return () -> new ClassifierModes(
                                ExplainCommand.this, spec.commandLine().getOut())
                        .text(ex, m, dir);
            }

            @Override
            public Callable<Integer> visitCausalLm(CausalLmExplainer ex) {
                return () -> promptMode(ex, m, dir);
            }

            @Override
            public Callable<Integer> visitSeq2Seq(T5Explainer ex) {
                return () -> seq2seqPromptMode(ex, m, dir);
            }
        };
    }

    /** Refuses, before the model loads, every output of this mode that the output policy would refuse. */
    private void checkOutputs(Path dir) {
        OutputChecks checks = new OutputChecks().modelFolder(dir).input("the --tokenizer file", tokenizer.file);
        if (inputs != null) {
            checks.input("the --inputs file", inputs).file("--output", output).check();
            return;
        }
        checks.input("the --image file", image).file("--html", html);
        if (image != null || texts != null) {
            checks.file(png != null ? "--png" : "the image overlay (--png)", clipPng());
        } else {
            checks.file("--png", png);
        }
        checks.file("--pdf", pdf).file("--svg", svg).file("--latex", latex);
        if (latex != null && compileLatex) {
            checks.file("--compile-latex", compiledLatex());
        }
        checks.check();
    }

    /** CLIP mode's image overlay: {@code --png}, else {@value #CLIP_PNG}. */
    private Path clipPng() {
        return png != null ? png : Path.of(CLIP_PNG);
    }

    private Path compiledLatex() {
        return latex.resolveSibling(latex.getFileName().toString().replaceFirst("\\.tex$", "") + ".pdf");
    }

    private int batch(BatchExplainable ex, Method m) {
        Map<String, TensorData> in = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(inputs)) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                in.put(
                        k,
                        d.dtype().isFloating()
                                ? TensorData.ofDoubles(d.toDoubles(), d.dtype(), d.shape())
                                : TensorData.ofLongs(d.toLongs(), d.shape()));
            }
        }
        BatchOptions opts = BatchOptions.defaults()
                .withTarget(targetIds())
                .withLayers(layers)
                .withGammas(convGamma, linearGamma);
        Map<String, TensorData> out = ex.explainBatch(in, m, opts);
        PrintWriter stdout = spec.commandLine().getOut();
        TokenOutputs.announce(stdout, output);
        SafetensorsWriter.write(output, out, Map.of("method", m.cliName(), "producer", "lxt4j"));
        stdout.println("wrote " + out.keySet() + " to " + output);
        return 0;
    }

    private int promptMode(CausalLmExplainer ex, Method m, Path dir) throws IOException {
        String text = prompt == null ? DemoModel.DEFAULT_PROMPT : prompt;
        requireTokenizer(ex.tokenizer(), dir);
        String tooLong = PromptLength.tooLong(text, ex.model().maxPositions());
        if (tooLong != null) {
            throw new InvalidInputException(tooLong);
        }
        Target t = target == null ? Target.argmax() : Target.token(promptTarget(ex.tokenizer()));
        Explanation e = ex.explain(text, t, m);
        TokenScheme scheme = TokenScheme.of(ex.tokenizer().tokenizerFile());
        String[] shown = TokenCleaner.cleanOrPassThrough(e.tokens(), scheme);
        double[] relevance = e.relevance();
        if (aggregate.words()) {
            WordAggregation words = WordAggregation.of(e.tokens(), scheme);
            shown = words.words();
            relevance = words.sum(relevance);
        }
        relevance = scale.apply(shown, relevance);
        PrintWriter out = spec.commandLine().getOut();
        String predicted = ex.display(new long[] {e.targetIds()[0]})[0];
        out.printf(
                "model: %s   method: %s   target: '%s' (id %d, value %.4f)%n",
                model == null ? "embedded demo (kv-retrieval)" : model,
                m.cliName(),
                DisplayText.line(predicted),
                e.targetIds()[0],
                e.targetValue());
        out.println(new TerminalHeatmap().colors(color.enabled()).render(shown, relevance));
        int top = e.argmax(1);
        out.printf(
                "most relevant token: '%s' (position %d, relevance %.4f); total relevance %.4f%n",
                DisplayText.line(e.tokens()[top]), top, e.relevance()[top], e.totalRelevance());
        TokenOutputs.announce(out, html);
        new HtmlHeatmap().title("lxt4j " + m.cliName() + ": " + predicted).write(html, shown, relevance);
        out.println("wrote " + html.toAbsolutePath());
        writeExtras(out, shown, relevance);
        out.flush();
        return 0;
    }

    private static void requireTokenizer(HfTokenizer tokenizer, Path dir) {
        if (tokenizer == null) {
            throw new InvalidInputException("prompt mode needs the model's tokenizer.json, which " + dir + " lacks;"
                    + " give one with --tokenizer FILE, or explain token ids with --inputs/--output");
        }
    }

    private int imageMode(ClipExplainer explainer, Method m, Path dir) throws IOException {
        DualEncoder clip = explainer.model();
        if (image == null || texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("CLIP needs --image PATH and at least one --text CAPTION");
        }
        HfTokenizer tok = explainer.tokenizer();
        if (tok == null) {
            throw new Lxt4jException(
                    "no tokenizer.json in " + dir + " to encode --text captions;" + " give one with --tokenizer FILE");
        }
        int context = clip.textContextLength();
        long[][] rows = new long[texts.size()][context];
        String[][] captionTokens = new String[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            String tooLong = PromptLength.tooLong(texts.get(i), context);
            if (tooLong != null) {
                throw new InvalidInputException("--text " + (i + 1) + ": " + tooLong);
            }
            long[] ids = tok.encode(texts.get(i)).ids();
            if (ids.length > context) {
                throw new SequenceTooLongException(ids.length, context, "context_length");
            }
            System.arraycopy(ids, 0, rows[i], 0, ids.length);
            captionTokens[i] = Arrays.stream(ids).mapToObj(tok::token).toArray(String[]::new);
        }
        BatchOptions opts = BatchOptions.defaults().withTarget(targetIds()).withGammas(convGamma, linearGamma);
        ClipExplanation e = explainer.explain(clip.preprocess(image), clip.ids(rows), m, opts);
        PrintWriter out = spec.commandLine().getOut();
        for (int j = 0; j < texts.size(); j++) {
            out.printf(
                    "similarity to '%s': %.4f%s%n",
                    texts.get(j), e.similarity(0, j), j == e.textRow() ? "   <- explained" : "");
        }
        BufferedImage base = ImageFiles.read(image);
        Path overlayPng = clipPng();
        TokenOutputs.announce(out, overlayPng);
        ClipHeatmaps.write(
                ClipHeatmaps.overlayOnOriginal(e, 0, base, clip.preprocessor(), overlay.alpha, overlay.scaling()),
                overlayPng);
        out.println("wrote " + overlayPng.toAbsolutePath());
        captionHeatmap(out, e, captionTokens[e.textRow()], TokenScheme.of(tok.tokenizerFile()), m);
        out.flush();
        return 0;
    }

    /** The explained caption's token relevance (its padding left out): terminal heatmap and {@code --html}. */
    private void captionHeatmap(PrintWriter out, ClipExplanation e, String[] tokens, TokenScheme scheme, Method m)
            throws IOException {
        double[] relevance = Arrays.copyOf(e.tokenRelevance(e.textRow()), tokens.length);
        String[] shown = TokenCleaner.cleanOrPassThrough(tokens, scheme);
        relevance = scale.apply(shown, relevance);
        out.println("caption relevance:");
        out.println(new TerminalHeatmap().colors(color.enabled()).render(shown, relevance));
        TokenOutputs.announce(out, html);
        new HtmlHeatmap()
                .title("lxt4j " + m.cliName() + ": '" + texts.get(e.textRow()) + "'")
                .write(html, shown, relevance);
        out.println("wrote " + html.toAbsolutePath());
        writeExtras(out, shown, relevance, null);
    }

    private int seq2seqPromptMode(T5Explainer ex, Method m, Path dir) throws IOException {
        if (prompt == null) {
            throw new IllegalArgumentException("T5 needs a source text: lxt4j explain --model DIR \"TEXT\"");
        }
        requireTokenizer(ex.tokenizer(), dir);
        for (String text : new String[] {prompt, targetPrefix == null ? "" : targetPrefix}) {
            String tooLong = PromptLength.tooLong(text, ex.model().maxSourceLength());
            if (tooLong != null) {
                throw new InvalidInputException(tooLong);
            }
        }
        Target t = target == null ? Target.argmax() : Target.token(promptTarget(ex.tokenizer()));
        Seq2SeqExplanation e = ex.explain(prompt, targetPrefix == null ? "" : targetPrefix, t, m);
        TokenScheme scheme = TokenScheme.of(ex.tokenizer().tokenizerFile());
        String[] src = TokenCleaner.cleanOrPassThrough(e.sourceTokens(), scheme);
        String[] dec = TokenCleaner.cleanOrPassThrough(e.decoderTokens(), scheme);
        PrintWriter out = spec.commandLine().getOut();
        String targetToken = ex.tokenizer().tokenOrNull(e.targetIds()[0]);
        out.printf(
                "model: %s   method: %s   target: %s (id %d, value %.4f)%n",
                dir,
                m.cliName(),
                targetToken == null ? "beyond the tokenizer's vocabulary" : "'" + DisplayText.line(targetToken) + "'",
                e.targetIds()[0],
                e.targetValue());
        TerminalHeatmap term = new TerminalHeatmap().colors(color.enabled());
        out.println("source:  " + term.render(src, e.sourceRelevance()));
        out.println("decoder: " + term.render(dec, e.decoderRelevance()));
        int top = e.mostRelevantSourcePosition();
        out.printf("most relevant source token: '%s' (position %d)%n", DisplayText.line(e.sourceTokens()[top]), top);
        String[] all = new String[src.length + dec.length];
        double[] rel = new double[all.length];
        System.arraycopy(src, 0, all, 0, src.length);
        System.arraycopy(dec, 0, all, src.length, dec.length);
        System.arraycopy(e.sourceRelevance(), 0, rel, 0, src.length);
        System.arraycopy(e.decoderRelevance(), 0, rel, src.length, dec.length);
        rel = scale.apply(all, rel);
        TokenOutputs.announce(out, html);
        new HtmlHeatmap()
                .title("lxt4j " + m.cliName() + " (source, then decoder prefix)")
                .write(html, all, rel);
        out.println("wrote " + html.toAbsolutePath());
        writeExtras(out, all, rel);
        out.flush();
        return 0;
    }

    /** {@code --target} as ids (batch rows, CLIP's I,J). */
    private long[] targetIds() {
        if (target == null) {
            return null;
        }
        long[] ids = new long[target.length];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = Long.parseLong(target[i].trim());
            } catch (NumberFormatException notId) {
                throw new IllegalArgumentException("--target " + String.join(",", target) + ": this mode takes"
                        + " numbers (a token id per row, or CLIP's I,J); '" + target[i] + "' is not one");
            }
        }
        return ids;
    }

    /** {@code --target} of the prompt modes: one token string or id. */
    private long promptTarget(HfTokenizer tokenizer) {
        if (target.length != 1) {
            throw new IllegalArgumentException(
                    "--target takes one token in prompt mode, got " + String.join(",", target));
        }
        return TokenArgument.parse(target[0], tokenizer, "--target");
    }

    void writeExtras(PrintWriter out, String[] tokens, double[] relevance) throws IOException {
        writeExtras(out, tokens, relevance, png);
    }

    /** {@code --pdf/--svg/--latex} and the token heatmap {@code tokenPng} (CLIP's --png is its image overlay). */
    private void writeExtras(PrintWriter out, String[] tokens, double[] relevance, Path tokenPng) throws IOException {
        TokenOutputs.write(out, tokens, relevance, pdf, svg, tokenPng);
        if (latex != null) {
            TokenOutputs.announce(out, latex);
            new LatexHeatmap().write(latex, tokens, relevance);
            out.println("wrote " + latex.toAbsolutePath());
            if (compileLatex) {
                Path compiled = compiledLatex();
                TokenOutputs.announce(out, compiled);
                new LatexCompiler().compile(Files.readString(latex), compiled);
                out.println("wrote " + compiled.toAbsolutePath());
            }
        }
    }
}
