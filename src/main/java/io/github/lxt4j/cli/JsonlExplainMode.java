package io.github.lxt4j.cli;

import io.github.lxt4j.autograd.MemoryBudget;
import io.github.lxt4j.explain.BatchExplainable;
import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.NonFiniteResultException;
import io.github.lxt4j.explain.T5Explainer;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.AutoModel;
import io.github.lxt4j.models.Capability;
import io.github.lxt4j.models.LoadOptions;
import io.github.lxt4j.models.UnsupportedModelException;
import io.github.lxt4j.tensor.TensorScope;
import io.github.lxt4j.viz.ResultFields;
import io.github.lxt4j.viz.TokenScheme;
import io.github.lxt4j.viz.WordAggregation;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code lxt4j explain --prompts FILE.jsonl|- --jsonl OUT.jsonl|-}: streams prompt lines through a decoder LM in
 * left-padded batches and writes one result line per prompt line, in input order, as each batch is done; a T5 model
 * goes to {@link Seq2SeqJsonlStream}. A bad line stops the run: the lines before it are still explained and
 * written, then the error names the line.
 */
final class JsonlExplainMode {
    private final JsonlOptions options;
    private final InputStream stdin;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private boolean words;
    private int workers = 1;
    private Progress progress;

    JsonlExplainMode(JsonlOptions options, InputStream stdin, PrintWriter stdout, PrintWriter stderr) {
        this.options = options;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Whether result lines also carry the relevance summed per word ({@code --aggregate words}). */
    JsonlExplainMode words(boolean words) {
        this.words = words;
        return this;
    }

    /** {@code --workers}: how many batches are explained at a time (results keep the input order). */
    JsonlExplainMode workers(int workers) {
        this.workers = workers;
        return this;
    }

    /** Explains every prompt line with the model of {@code dir}; {@code tokenizer} is --tokenizer, or null. */
    int run(Path dir, LoadOptions load, Path tokenizer, MemoryBudget budget, Method method) {
        if (method == Method.CP_LRP_GAMMA) {
            throw new IllegalArgumentException("cp-lrp-gamma is for CLIP models; the JSON Lines mode explains decoder"
                    + " LMs, T5 and text classifiers with attnlrp, cp-lrp or gradient-x-input");
        }
        int batchSize = options.batchSize();
        ExplainWorkers.check(workers, load.backend().name(), WorkersOption.NAME);
        new OutputChecks()
                .modelFolder(dir)
                .input("the --tokenizer file", tokenizer)
                .input("the --prompts file", fileOrNull(options.prompts))
                .file("--jsonl", fileOrNull(options.jsonl))
                .check();
        if (!"-".equals(options.jsonl)) {
            TokenOutputs.announce(stderr, Path.of(options.jsonl));
        }
        try (PromptReader in = PromptReader.open(options.prompts, stdin);
                TensorScope scope = TensorScope.open();
                BatchExplainable model = CliModels.load(dir, load, tokenizer, budget)) {
            model.accept(
                    new ModeDispatch<Void>(() -> new UnsupportedModelException("--prompts/--jsonl is for"
                            + " causal LMs (" + AutoModel.familiesWith(Capability.CAUSAL_LM) + "), seq2seq LMs ("
                            + AutoModel.familiesWith(Capability.SEQ2SEQ_LM) + ") and text classifiers ("
                            + AutoModel.familiesWith(Capability.TEXT_CLASSIFIER) + "); " + dir
                            + " holds another family (use"
                            + " --inputs/--output or the prompt argument)")) {
                        @Override
                        public Void visitSeq2Seq(T5Explainer t5) {
                            if (words) {
                                throw new IllegalArgumentException("--aggregate words is not supported for T5 yet: it"
                                        + " aggregates decoder LM prompts, and generate");
                            }
                            requireTokenizer(t5.tokenizer(), dir);
                            if (options.batchSize != null) {
                                throw new IllegalArgumentException(
                                        "--batch-size is for decoder LMs: T5 lines are explained"
                                                + " one at a time; drop --batch-size");
                            }
                            try (ExplainWorkers pool = WorkersOption.start(load.backend(), workers, stderr);
                                    JsonlSink out = JsonlSink.open(options.jsonl, stdout)) {
                                new Seq2SeqJsonlStream(progress())
                                        .stream(t5, method, scheme(t5.tokenizer()), pool, in, out);
                                done(out);
                            }
                            return null;
                        }

                        @Override
                        public Void visitTextClassifier(ClassifierExplainer classifier) {
                            if (words) {
                                throw new IllegalArgumentException(
                                        "--aggregate words is not supported for classifiers yet");
                            }
                            requireTokenizer(classifier.tokenizer(), dir);
                            try (ExplainWorkers pool = WorkersOption.start(load.backend(), workers, stderr);
                                    JsonlSink out = JsonlSink.open(options.jsonl, stdout)) {
                                new ClassifierJsonlStream(progress())
                                        .stream(
                                                classifier,
                                                method,
                                                scheme(classifier.tokenizer()),
                                                batchSize,
                                                pool,
                                                in,
                                                out);
                                done(out);
                            }
                            return null;
                        }

                        @Override
                        public Void visitCausalLm(CausalLmExplainer lm) {
                            requireTokenizer(lm.tokenizer(), dir);
                            try (ExplainWorkers pool = WorkersOption.start(load.backend(), workers, stderr);
                                    JsonlSink out = JsonlSink.open(options.jsonl, stdout)) {
                                stream(lm, method, scheme(lm.tokenizer()), batchSize, pool, in, out);
                                done(out);
                            }
                            return null;
                        }
                    });
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        return 0;
    }

    private static TokenScheme scheme(HfTokenizer tokenizer) {
        return TokenScheme.of(tokenizer.tokenizerFile());
    }

    /** The progress display, started with the first line (not while the model loads). */
    private Progress progress() {
        if (progress == null) {
            progress = Progress.open(stderr, "[explain]", 0, "lines");
        }
        return progress;
    }

    private void done(JsonlSink out) {
        progress().close();
        stderr.printf("[explain] wrote %d lines to %s%n", out.lines(), out.name());
        stderr.flush();
    }

    private static void requireTokenizer(HfTokenizer tokenizer, Path dir) {
        if (tokenizer == null) {
            throw new JsonlException("--prompts/--jsonl needs the model's tokenizer.json, which " + dir + " lacks;"
                    + " give one with --tokenizer FILE");
        }
    }

    /** Explains every line of {@code in} and writes its result to {@code out}, {@code batchSize} lines at a time. */
    void stream(
            CausalLmExplainer lm, Method method, TokenScheme scheme, int batchSize, PromptReader in, JsonlSink out) {
        try (ExplainWorkers one = ExplainWorkers.start(lm.model().backend(), 1)) {
            stream(lm, method, scheme, batchSize, one, in, out);
        }
    }

    /** As above, with the batches explained by {@code workers}; the lines are written in input order. */
    void stream(
            CausalLmExplainer lm,
            Method method,
            TokenScheme scheme,
            int batchSize,
            ExplainWorkers workers,
            PromptReader in,
            JsonlSink out) {
        JsonlBatches.stream(
                in,
                batchSize,
                workers,
                line -> prepare(lm, PromptLine.of(line)),
                batch -> explain(lm, method, scheme, batch),
                lines -> {
                    lines.writeTo(out);
                    progress().stepTo(out.lines());
                });
    }

    private static PendingLine prepare(CausalLmExplainer lm, PromptLine line) {
        long max = lm.model().maxPositions();
        String tooLong = PromptLength.tooLong(line.prompt(), max);
        if (tooLong != null) {
            throw new JsonlException(line.where() + ": " + tooLong);
        }
        long[] ids = lm.tokenizer().encode(line.prompt()).ids();
        if (ids.length > max) {
            throw new JsonlException(line.where() + ": the prompt is " + ids.length + " tokens, more than the model's"
                    + " max_position_embeddings = " + max);
        }
        return new PendingLine(
                line, ids, line.resolveTarget(lm.tokenizer(), lm.model().vocabSize()));
    }

    /**
     * Explains {@code batch} in a scope of its own and makes its result lines; a non-finite row keeps the lines
     * before it (explained again without it) and ends the batch with its error.
     */
    private BatchLines explain(CausalLmExplainer lm, Method method, TokenScheme scheme, List<PendingLine> batch) {
        long[][] ids = PendingLine.ids(batch);
        List<Target> targets = PendingLine.targets(batch);
        try (TensorScope scope = TensorScope.open()) {
            List<Explanation> explained;
            try {
                explained = lm.explainAll(ids, Target.eachRow(targets), method);
            } catch (NonFiniteResultException e) {
                int row = Math.max(0, e.row());
                BatchLines before = row > 0 ? explain(lm, method, scheme, batch.subList(0, row)) : null;
                if (before != null && before.failure() != null) {
                    return before;
                }
                return new BatchLines(
                        before == null ? List.of() : before.lines(),
                        new JsonlException(batch.get(row).line().where() + ": " + e.getMessage(), e));
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                Explanation e = explained.get(i);
                lines.add(ResultLine.of(
                        batch.get(i).line(),
                        ResultFields.Decoder.of(e, lm.tokenizer(), scheme),
                        words ? WordAggregation.of(e.tokens(), scheme) : null));
            }
            return BatchLines.of(lines);
        }
    }

    /** Runs {@code explain}, naming the line {@code where} in its {@link NonFiniteResultException}. */
    static <T> T finite(String where, Supplier<T> explain) {
        try {
            return explain.get();
        } catch (NonFiniteResultException e) {
            throw new JsonlException(where + ": " + e.getMessage(), e);
        }
    }

    /** {@code path} as a file, or null for {@code -} (stdin, stdout). */
    private static Path fileOrNull(String path) {
        return path.equals("-") ? null : Path.of(path);
    }
}
