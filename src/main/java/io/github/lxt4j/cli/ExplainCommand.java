package io.github.lxt4j.cli;

import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.BatchOptions;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.SafetensorsFile;
import io.github.lxt4j.io.SafetensorsWriter;
import io.github.lxt4j.io.TensorData;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.models.t5.Seq2SeqExplanation;
import io.github.lxt4j.models.t5.T5Explainer;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.Backends;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.Device;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.HtmlHeatmap;
import io.github.lxt4j.viz.TerminalHeatmap;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lxt4j explain}: a prompt heatmap in the terminal and as HTML, or the safetensors batch interface. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a model's next-token prediction with LRP.",
            "Without --model it runs the embedded demo model, a 3-layer LLaMA trained on prompts of exactly six facts"
                + " ('NAME likes THING .') followed by 'so NAME likes'; shorter or other prompts are outside its"
                + " training distribution and give meaningless answers.",
            "Batch mode (--inputs/--output) reads and writes safetensors keyed like the fixtures."})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "The prompt (default: the demo prompt).")
    String prompt;

    @Option(names = "--model", description = "HF folder, sharded folder, or hub id in the local HF cache "
            + "(default: the embedded demo model).")
    String model;

    @Option(names = "--method", defaultValue = "attnlrp",
            description = "attnlrp, cp-lrp, gradient-x-input or cp-lrp-gamma (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--inputs", description = "Batch mode: input safetensors (input_ids, attention_mask, …).")
    Path inputs;

    @Option(names = "--output", description = "Batch mode: output safetensors.")
    Path output;

    @Option(names = "--backend", defaultValue = "djl", description = "djl or nd4j (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--target", split = ",", description = "LMs: a token id per row (batch) or one id (prompt); "
            + "CLIP: I,J of similarity[I,J]. Default: the argmax.")
    long[] target;

    @Option(names = "--layers", description = "Also write latent relevance at each layer's input.")
    boolean layers;

    @Option(names = "--conv-gamma", defaultValue = "0.25", description = "Gamma of the patch conv (cp-lrp-gamma).")
    double convGamma;

    @Option(names = "--linear-gamma", defaultValue = "0.05", description = "Gamma of the MLP linears (cp-lrp-gamma).")
    double linearGamma;

    @Option(names = "--target-prefix", description = "T5: the decoder prefix after the start token "
            + "(the explained token comes after it).")
    String targetPrefix;

    @Option(names = "--html", defaultValue = "heatmap.html", description = "Where to write the HTML heatmap.")
    Path html;

    @Option(names = "--no-color", description = "Plain text instead of ANSI colors.")
    boolean noColor;

    @Override
    public Integer call() throws Exception {
        Backend be = Backends.byName(backend, Device.parse(device));
        DType dt = DType.parse(dtype);
        Method m = Method.parse(method);
        Path dir = ModelResolver.resolve(model);
        if ((inputs == null) != (output == null)) {
            throw new IllegalArgumentException("batch mode needs both --inputs and --output");
        }
        try (TensorScope scope = TensorScope.open(); BatchExplainable ex = LoadedModel.load(dir, be, dt)) {
            if (inputs != null) {
                return batch(ex, m);
            }
            if (ex instanceof T5Explainer) {
                return seq2seqPromptMode((T5Explainer) ex, m, dir);
            }
            if (!(ex instanceof CausalLmExplainer)) {
                throw new UnsupportedModelException("prompt mode supports causal LMs and T5; use --inputs/--output"
                        + " for " + dir);
            }
            return promptMode((CausalLmExplainer) ex, m, dir);
        }
    }

    private int batch(BatchExplainable ex, Method m) {
        Map<String, TensorData> in = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(inputs)) {
            for (String k : f.keys()) {
                TensorData d = f.read(k);
                in.put(k, d.dtype().isFloating() ? TensorData.ofDoubles(d.toDoubles(), d.dtype(), d.shape())
                        : TensorData.ofLongs(d.toLongs(), d.shape()));
            }
        }
        BatchOptions opts = BatchOptions.defaults().withTarget(target).withLayers(layers)
                .withGammas(convGamma, linearGamma);
        Map<String, TensorData> out = ex.explainBatch(in, m, opts);
        SafetensorsWriter.write(output, out, Map.of("method", m.cliName(), "producer", "lxt4j"));
        spec.commandLine().getOut().println("wrote " + out.keySet() + " to " + output);
        return 0;
    }

    private int promptMode(CausalLmExplainer ex, Method m, Path dir) throws java.io.IOException {
        String text = prompt == null ? DemoModel.DEFAULT_PROMPT : prompt;
        Target t = target == null ? Target.argmax() : Target.token(target[0]);
        Explanation e = ex.explain(text, t, m);
        String[] shown = TokenCleaner.cleanOrPassThrough(e.tokens(), schemeOf(dir));
        PrintWriter out = spec.commandLine().getOut();
        String predicted = ex.display(new long[] {e.targetIds()[0]})[0];
        out.printf("model: %s   method: %s   target: '%s' (id %d, value %.4f)%n",
                model == null ? "embedded demo (kv-retrieval)" : model, m.cliName(), predicted, e.targetIds()[0],
                e.targetValue());
        out.println(new TerminalHeatmap().colors(!noColor).render(shown, e.relevance()));
        int top = e.argmax(1);
        out.printf("most relevant token: '%s' (position %d, relevance %.4f); total relevance %.4f%n",
                e.tokens()[top], top, e.relevance()[top], e.totalRelevance());
        new HtmlHeatmap().title("lxt4j " + m.cliName() + ": " + predicted).write(html, shown, e.relevance());
        out.println("wrote " + html.toAbsolutePath());
        out.flush();
        return 0;
    }

    private int seq2seqPromptMode(T5Explainer ex, Method m, Path dir) throws java.io.IOException {
        if (prompt == null) {
            throw new IllegalArgumentException("T5 needs a source text: lxt4j explain --model DIR \"TEXT\"");
        }
        Target t = target == null ? Target.argmax() : Target.token(target[0]);
        Seq2SeqExplanation e = ex.explain(prompt, targetPrefix == null ? "" : targetPrefix, t, m);
        TokenScheme scheme = schemeOf(dir);
        String[] src = TokenCleaner.cleanOrPassThrough(e.sourceTokens(), scheme);
        String[] dec = TokenCleaner.cleanOrPassThrough(e.decoderTokens(), scheme);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model: %s   method: %s   target id %d (value %.4f)%n", dir, m.cliName(), e.targetIds()[0],
                e.targetValue());
        TerminalHeatmap term = new TerminalHeatmap().colors(!noColor);
        out.println("source:  " + term.render(src, e.sourceRelevance()));
        out.println("decoder: " + term.render(dec, e.decoderRelevance()));
        int top = e.mostRelevantSourcePosition();
        out.printf("most relevant source token: '%s' (position %d)%n", e.sourceTokens()[top], top);
        String[] all = new String[src.length + dec.length];
        double[] rel = new double[all.length];
        System.arraycopy(src, 0, all, 0, src.length);
        System.arraycopy(dec, 0, all, src.length, dec.length);
        System.arraycopy(e.sourceRelevance(), 0, rel, 0, src.length);
        System.arraycopy(e.decoderRelevance(), 0, rel, src.length, dec.length);
        new HtmlHeatmap().title("lxt4j " + m.cliName() + " (source, then decoder prefix)").write(html, all, rel);
        out.println("wrote " + html.toAbsolutePath());
        out.flush();
        return 0;
    }

    private static TokenScheme schemeOf(Path dir) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        return java.nio.file.Files.isRegularFile(tokenizerJson) ? TokenScheme.fromTokenizerJson(tokenizerJson)
                : TokenScheme.AUTO;
    }
}
