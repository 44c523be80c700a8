package io.github.lxt4j.cli;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.eval.BaselineToken;
import io.github.lxt4j.eval.ClassifierEvaluator;
import io.github.lxt4j.eval.EvalDataset;
import io.github.lxt4j.eval.EvalExample;
import io.github.lxt4j.eval.EvalInputException;
import io.github.lxt4j.eval.EvalOptions;
import io.github.lxt4j.eval.EvalReport;
import io.github.lxt4j.eval.Evaluator;
import io.github.lxt4j.eval.Metric;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.DType;
import io.github.lxt4j.tensor.TensorScope;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lxt4j eval}: accuracy, hit@k, perturbation curves (ABPC) and conservation of each method on a dataset. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate explanations of a decoder LM's next-token prediction, or of a sequence classifier's"
                    + " predicted label, on a JSON Lines dataset.",
            "Each line: {\"prompt\": ..., \"answer\": ..., \"source_position\": ...}; answer and source_position are"
                    + " optional (accuracy needs answer, hit@K needs source_position). Without --model it evaluates the"
                    + " embedded demo model on its own 300 six-fact prompts. See docs/eval.md for the definitions.",
            "Progress goes to stderr; the table (or --json) to stdout."
        })
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR|HUB_ID",
            description = "HF folder, sharded folder, or hub id in the"
                    + " local HF cache (default: the embedded demo model).")
    String model;

    @Option(
            names = "--dataset",
            paramLabel = "FILE.jsonl",
            description = "JSON Lines file (default: eval.jsonl in" + " the model folder; the demo model ships one).")
    Path dataset;

    @Option(
            names = "--methods",
            split = ",",
            paramLabel = "METHOD",
            defaultValue = "attnlrp,cp-lrp,gradient-x-input",
            description = "Comma-separated: attnlrp, cp-lrp, gradient-x-input (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(
            names = "--metrics",
            split = ",",
            paramLabel = "METRIC",
            description = "Comma-separated: accuracy, hit@K,"
                    + " abpc, conservation (default: accuracy,hit@1,hit@3,abpc,conservation, each n/a where the dataset"
                    + " lacks its field; named metrics must be computable for every line).")
    List<String> metrics;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "" + EvalOptions.DEFAULT_STEPS,
            description = "Perturbation steps: fractions k/N of the perturbable tokens (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--baseline-token",
            paramLabel = "ID|TOKEN",
            description = "Token that replaces perturbed"
                    + " tokens: an id (digits) or a token of the vocabulary (default: the tokenizer's unk token, else"
                    + " config.json's pad_token_id).")
    String baselineToken;

    @Option(
            names = "--first-position",
            paramLabel = "P",
            defaultValue = "1",
            description = "Positions before it are"
                    + " neither ranked nor perturbed (default: ${DEFAULT-VALUE}, the BOS token; 0 for tokenizers"
                    + " that add"
                    + " none).")
    int firstPosition;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate the first N prompts only.")
    Integer limit;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "" + EvalOptions.DEFAULT_BATCH,
            description = "Prompts per explanation batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    WorkersOption workers;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    MemoryOptions memory;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Backend be = runtime.backend();
        DType dt = runtime.dtype();
        List<Method> ms = new ArrayList<>();
        for (String m : methods) {
            Method parsed = Method.parse(m);
            if (!ms.contains(parsed)) {
                ms.add(parsed);
            }
        }
        EvalOptions options = new EvalOptions(
                metrics == null ? Metric.DEFAULTS : Metric.parseAll(metrics),
                metrics != null,
                steps,
                null,
                firstPosition,
                batchSize);
        int workerCount = workers.count(runtime.backend);
        MemoryBudget budget = memory.effective(false);
        Path dir = ModelResolver.resolve(model);
        Path data = dataset != null ? dataset : dir.resolve("eval.jsonl");
        if (dataset == null && !Files.isRegularFile(data)) {
            throw new EvalInputException("no --dataset given and " + dir + " has no eval.jsonl");
        }
        List<EvalExample> examples = EvalDataset.read(data, limit == null ? Integer.MAX_VALUE : limit);
        PrintWriter err = spec.commandLine().getErr();
        try (TensorScope scope = TensorScope.open();
                BatchExplainable loaded = CliModels.load(dir, runtime.loadOptions(), tokenizer.file(), budget);
                ExplainWorkers pool = WorkersOption.start(be, workerCount, err)) {
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("model", model == null ? "embedded demo (kv-retrieval)" : model);
            setup.put("dataset", dataset == null ? "eval.jsonl of the model" : dataset.toString());
            setup.put("backend", be.name());
            setup.put("dtype", dt.name().toLowerCase(Locale.ROOT));
            EvalOptions base = options;
            EvalReport report;
            try (EvalMethodProgress progress = new EvalMethodProgress(err)) {
                report = loaded.accept(
                        new ModeDispatch<EvalReport>(() -> new UnsupportedModelException("eval"
                                + " supports causal LMs (" + AutoModel.familiesWith(Capability.CAUSAL_LM)
                                + ") and sequence"
                                + " classifiers (" + AutoModel.familiesWith(Capability.TEXT_CLASSIFIER) + "); " + dir
                                + " holds another family")) {
                            @Override
                            public EvalReport visitCausalLm(CausalLmExplainer lm) {
                                return new Evaluator(lm, withBaseline(base, lm.tokenizer(), dir))
                                        .workers(pool)
                                        .run(examples, ms, setup, progress);
                            }

                            @Override
                            public EvalReport visitTextClassifier(ClassifierExplainer classifier) {
                                return new ClassifierEvaluator(
                                                classifier, withBaseline(base, classifier.tokenizer(), dir))
                                        .workers(pool)
                                        .run(examples, ms, setup, progress);
                            }
                        });
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? report.toJson() + System.lineSeparator() : report.toTable());
            out.flush();
        }
        return 0;
    }

    /** {@code --baseline-token}, resolved with the model's tokenizer. */
    private EvalOptions withBaseline(EvalOptions options, HfTokenizer tok, Path dir) {
        if (baselineToken == null) {
            return options;
        }
        if (tok == null) {
            throw new EvalInputException("no tokenizer.json in " + dir + ": eval needs one (or --tokenizer FILE)");
        }
        return options.withBaselineToken(BaselineToken.parse(baselineToken, tok));
    }
}
