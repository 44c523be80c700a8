package io.github.lxt4j.eval;

import io.github.lxt4j.explain.ClassifierExplainer;
import io.github.lxt4j.explain.ClassifierExplanation;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import io.github.lxt4j.models.TextClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates explanations of a sequence classifier on a dataset, as {@link Evaluator} does for causal LMs: each text
 * is explained with each method at the predicted label, then scored for accuracy (the {@code answer} is a label
 * name), hit@k ({@code source_position}, [CLS] at 0), the perturbation curves of the predicted class's logit (MoRF and
 * LeRF, ABPC; tokens replaced by the baseline token, [UNK] by default) and conservation. Texts of equal length are
 * explained together without padding.
 */
public final class ClassifierEvaluator {

    private final ClassifierExplainer explainer;
    private final HfTokenizer tokenizer;
    private final EvalOptions options;
    private final Perturbation perturbation;
    private ExplainWorkers workers = ExplainWorkers.sequential();

    public ClassifierEvaluator(ClassifierExplainer explainer, EvalOptions options) {
        if (explainer.tokenizer() == null) {
            throw new EvalInputException("evaluation needs the model's tokenizer (tokenizer.json) to encode texts");
        }
        if (explainer.model().task() != TextClassifier.Task.SEQUENCE) {
            throw new EvalInputException(
                    "eval scores sequence classifiers; a token classifier has a label per" + " token");
        }
        this.explainer = explainer;
        this.tokenizer = explainer.tokenizer();
        this.options = options;
        long baseline = BaselineToken.resolve(
                options,
                tokenizer,
                explainer.model().configJson(),
                explainer.model().vocabSize());
        this.perturbation = new Perturbation(
                new ClassifierScorer(explainer, CausalLmScorer.DEFAULT_MAX_ROWS),
                options.steps(),
                baseline,
                options.firstPosition());
    }

    /**
     * Explains and scores the batches on {@code workers} (several at a time, results in order); by default one at a
     * time on the calling thread. The caller starts and closes the workers.
     */
    public ClassifierEvaluator workers(ExplainWorkers workers) {
        this.workers = workers;
        return this;
    }

    public long baselineTokenId() {
        return perturbation.baselineId();
    }

    /** Evaluates every method on {@code examples}; {@code setup} describes the run. */
    public EvalReport run(
            List<EvalExample> examples, List<Method> methods, Map<String, Object> setup, EvalProgress progress) {
        if (methods.isEmpty()) {
            throw new EvalInputException("no methods given");
        }
        List<EvalItem> items = encode(examples);
        List<MethodSummary> summaries = new ArrayList<>();
        for (Method m : methods) {
            summaries.add(MethodSummary.of(m, explainAndScore(items, m, progress), options.metrics()));
        }
        Map<String, Object> out = new LinkedHashMap<>(setup);
        out.put("texts", items.size());
        out.put("first_position", options.firstPosition());
        if (options.wants(Metric.Kind.ABPC)) {
            out.put("steps", options.steps());
            out.put("baseline_token_id", baselineTokenId());
            out.put("baseline_token", tokenizer.token(baselineTokenId()));
        }
        return new EvalReport(out, options.metrics(), summaries);
    }

    /** Tokenizes the texts and checks them as {@link Evaluator#encode} does. */
    public List<EvalItem> encode(List<EvalExample> examples) {
        if (examples.isEmpty()) {
            throw new EvalInputException("no examples to evaluate");
        }
        int first = options.firstPosition();
        List<EvalItem> out = new ArrayList<>();
        for (EvalExample e : examples) {
            for (Metric m : options.strictMetrics() ? options.metrics() : List.<Metric>of()) {
                if (m.lacksDataIn(e)) {
                    throw new EvalInputException(e.where() + ": metric " + m.label() + " needs '" + m.requiredField()
                            + "', which this line lacks");
                }
            }
            long[] ids = tokenizer.encode(e.prompt()).ids();
            if (ids.length <= first) {
                throw new EvalInputException(e.where() + ": the text has " + ids.length + " tokens, none at or after"
                        + " the first ranked position " + first);
            }
            if (ids.length > explainer.model().maxPositions()) {
                throw new EvalInputException(e.where() + ": the text has " + ids.length + " tokens, more than the"
                        + " model's " + explainer.model().maxPositions());
            }
            Integer src = e.sourcePosition();
            if (src != null && (src < first || src >= ids.length)) {
                throw new EvalInputException(e.where() + ": source_position " + src + " is outside the text's ranked"
                        + " positions " + first + ".." + (ids.length - 1));
            }
            if (e.answer() != null
                    && explainer.model().labels().indexOf(e.answer().trim()) < 0) {
                throw new EvalInputException(e.where() + ": answer '" + e.answer() + "' is none of the model's labels "
                        + explainer.model().labels().names());
            }
            out.add(new EvalItem(e, ids));
        }
        return out;
    }

    /** Explains every item with {@code method} (equal lengths batched) and scores each, in the items' order. */
    public List<ExampleResult> explainAndScore(List<EvalItem> items, Method method, EvalProgress progress) {
        return ScoredBatches.run(items, options.batchSize(), workers, method, progress, batch -> {
            long[][] ids = new long[batch.size()][];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = batch.get(j).ids();
            }
            List<ClassifierExplanation> exps = explainer.explainIds(ids, null, null, Target.argmax(), method, false);
            List<ExampleResult> scored = new ArrayList<>();
            for (int j = 0; j < ids.length; j++) {
                scored.add(score(batch.get(j), exps.get(j)));
            }
            return scored;
        });
    }

    /** Scores one explanation of {@code item} at its predicted label. */
    public ExampleResult score(EvalItem item, ClassifierExplanation e) {
        long predicted = e.targetIds()[0];
        EvalExample ex = item.example();
        Boolean correct = ex.answer() == null
                ? null
                : explainer.model().labels().indexOf(ex.answer().trim()) == predicted;
        Integer rank = ex.sourcePosition() == null
                ? null
                : RelevanceOrder.rank(e.relevance(), ex.sourcePosition(), options.firstPosition());
        FaithfulnessCurves curves =
                options.wants(Metric.Kind.ABPC) ? perturbation.curves(e.ids(), e.relevance(), predicted) : null;
        return new ExampleResult(
                ex,
                e.method(),
                predicted,
                correct,
                rank,
                curves,
                new Conservation(e.targetValue(), e.totalRelevance()));
    }
}
