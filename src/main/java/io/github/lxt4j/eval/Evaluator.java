package io.github.lxt4j.eval;

import io.github.lxt4j.explain.CausalLmExplainer;
import io.github.lxt4j.explain.ExplainWorkers;
import io.github.lxt4j.explain.Explanation;
import io.github.lxt4j.explain.Method;
import io.github.lxt4j.explain.Target;
import io.github.lxt4j.io.HfTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates explanations of a causal LM's next-token prediction on a dataset: each prompt is explained with each
 * method at the model's argmax, then scored ({@link #score}) for accuracy, hit@k, the perturbation curves and
 * conservation. Prompts of equal length are explained together in batches of {@link EvalOptions#batchSize()}
 * without padding; nothing of a batch outlives it but the scores. With {@link #workers} several batches are
 * explained and scored at once, on one model; the evaluator itself is used from one thread.
 */
public final class Evaluator {

    private final CausalLmExplainer explainer;
    private final HfTokenizer tokenizer;
    private final EvalOptions options;
    private final Perturbation perturbation;
    private ExplainWorkers workers = ExplainWorkers.sequential();
    private Set<String> answers;

    public Evaluator(CausalLmExplainer explainer, EvalOptions options) {
        if (explainer.tokenizer() == null) {
            throw new EvalInputException("evaluation needs the model's tokenizer (tokenizer.json) to encode prompts"
                    + " and decode answers");
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
                new CausalLmScorer(explainer.model()), options.steps(), baseline, options.firstPosition());
    }

    public EvalOptions options() {
        return options;
    }

    /**
     * Explains and scores the batches on {@code workers} (several at a time, results in order); by default one at a
     * time on the calling thread. The caller starts and closes the workers.
     */
    public Evaluator workers(ExplainWorkers workers) {
        this.workers = workers;
        return this;
    }

    public long baselineTokenId() {
        return perturbation.baselineId();
    }

    /**
     * Evaluates every method on {@code examples}.
     *
     * @param setup how the caller describes the run (model, dataset, backend, …); the evaluator adds its own
     *        settings
     */
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
        return new EvalReport(describe(setup, items.size()), options.metrics(), summaries);
    }

    private Map<String, Object> describe(Map<String, Object> setup, int prompts) {
        Map<String, Object> out = new LinkedHashMap<>(setup);
        out.put("prompts", prompts);
        out.put("first_position", options.firstPosition());
        if (options.wants(Metric.Kind.ABPC)) {
            out.put("steps", options.steps());
            out.put("baseline_token_id", baselineTokenId());
            out.put("baseline_token", tokenizer.token(baselineTokenId()));
        }
        return out;
    }

    /**
     * Tokenizes the prompts and checks them: each source position must lie within its prompt's ranked positions,
     * and with {@link EvalOptions#strictMetrics()} every example must carry each metric's field.
     */
    public List<EvalItem> encode(List<EvalExample> examples) {
        if (examples.isEmpty()) {
            throw new EvalInputException("no examples to evaluate");
        }
        if (options.strictMetrics()) {
            for (Metric m : options.metrics()) {
                for (EvalExample e : examples) {
                    if (m.lacksDataIn(e)) {
                        throw new EvalInputException(e.where() + ": metric " + m.label() + " needs '"
                                + m.requiredField() + "', which this line lacks");
                    }
                }
            }
        }
        int first = options.firstPosition();
        List<EvalItem> out = new ArrayList<>();
        for (EvalExample e : examples) {
            long[] ids = tokenizer.encode(e.prompt()).ids();
            if (ids.length <= first) {
                throw new EvalInputException(e.where() + ": the prompt has " + ids.length + " tokens, none at or after"
                        + " the first ranked position " + first);
            }
            Integer src = e.sourcePosition();
            if (src != null && (src < first || src >= ids.length)) {
                throw new EvalInputException(e.where() + ": source_position " + src + " is outside the prompt's"
                        + " ranked positions " + first + ".." + (ids.length - 1) + " (" + ids.length + " tokens"
                        + (first > 0 ? ", positions before " + first + " are not ranked" : "") + ")");
            }
            checkAnswer(e);
            out.add(new EvalItem(e, ids));
        }
        return out;
    }

    /**
     * Refuses an answer that no single token decodes to: the prediction (one token) could never equal it, so it
     * would count silently as wrong.
     */
    private void checkAnswer(EvalExample e) {
        if (e.answer() != null && !answers().contains(e.answer().trim())) {
            throw new EvalInputException(e.where() + ": answer '" + e.answer() + "' is not a token of the vocabulary"
                    + " (no token decodes to it), so no prediction could match it; accuracy compares the predicted"
                    + " token with the answer");
        }
    }

    /** What each token of the vocabulary decodes to, trimmed, as the accuracy compares them; built on first use. */
    private Set<String> answers() {
        if (answers == null) {
            answers = new HashSet<>();
            for (long id = 0; id < tokenizer.vocabSize(); id++) {
                answers.add(tokenizer.decode(new long[] {id}, true).trim());
            }
        }
        return answers;
    }

    /** Explains every item with {@code method} (batched) and scores each explanation, in the items' order. */
    public List<ExampleResult> explainAndScore(List<EvalItem> items, Method method, EvalProgress progress) {
        return ScoredBatches.run(items, options.batchSize(), workers, method, progress, batch -> {
            long[][] ids = new long[batch.size()][];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = batch.get(j).ids();
            }
            List<Explanation> exps = explainer.explainIds(ids, null, Target.argmax(), method, false);
            List<ExampleResult> scored = new ArrayList<>();
            for (int j = 0; j < ids.length; j++) {
                scored.add(score(batch.get(j), exps.get(j)));
            }
            return scored;
        });
    }

    /** Scores one explanation of {@code item} (an argmax explanation of exactly its ids, unpadded). */
    public ExampleResult score(EvalItem item, Explanation e) {
        if (!Arrays.equals(item.ids(), e.ids())) {
            throw new EvalInputException(item.example().where() + ": the explanation is of other token ids");
        }
        long predicted = e.targetIds()[0];
        EvalExample ex = item.example();
        Boolean correct = ex.answer() == null
                ? null
                : tokenizer
                        .decode(new long[] {predicted}, true)
                        .trim()
                        .equals(ex.answer().trim());
        Integer rank = ex.sourcePosition() == null
                ? null
                : RelevanceOrder.rank(e.relevance(), ex.sourcePosition(), options.firstPosition());
        FaithfulnessCurves curves =
                options.wants(Metric.Kind.ABPC) ? perturbation.curves(e.ids(), e.relevance(), predicted) : null;
        return new ExampleResult(ex, e.method(), predicted, correct, rank, curves, Conservation.of(e));
    }

    /** Indices of equal-length items, at most {@code size} per batch, in order of first appearance. */
    static List<int[]> batches(List<EvalItem> items, int size) {
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byLength.computeIfAbsent(items.get(i).ids().length, k -> new ArrayList<>())
                    .add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> group : byLength.values()) {
            for (int s = 0; s < group.size(); s += size) {
                out.add(group.subList(s, Math.min(group.size(), s + size)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray());
            }
        }
        return out;
    }
}
