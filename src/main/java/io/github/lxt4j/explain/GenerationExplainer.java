package io.github.lxt4j.explain;

import io.github.lxt4j.rules.Composites;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Generation attribution for causal LMs (Inseq's core workflow): generate greedily, then explain each generated
 * token on its own context, the prompt and the tokens generated before it. Generation stops after
 * {@code maxNewTokens} tokens or once the config's {@code eos_token_id} is generated (that token is kept).
 *
 * <p>Without a contrast, step k explains the logit of generated token k. With a contrast token c it explains
 * {@code softmax(logits)[token] − softmax(logits)[c]}, Inseq's {@code contrast_prob_diff}: the softmax takes the
 * method's softmax rule (AttnLRP's Taylor rule; CP-LRP stops relevance at softmaxes, so it is refused), and the
 * difference is an ε add.
 */
public final class GenerationExplainer {
    private final CausalLmExplainer explainer;
    private IntConsumer onStep = steps -> {};

    public GenerationExplainer(CausalLmExplainer explainer) {
        this.explainer = explainer;
    }

    /** Calls {@code stepsDone} with the number of tokens generated and explained so far, after each step. */
    public GenerationExplainer onStep(IntConsumer stepsDone) {
        this.onStep = Objects.requireNonNull(stepsDone, "stepsDone");
        return this;
    }

    /** Encodes {@code prompt} with the explainer's tokenizer and explains its greedy continuation. */
    public GenerationAttribution explain(String prompt, int maxNewTokens, Long contrast, Method method) {
        if (explainer.tokenizer() == null) {
            throw new IllegalStateException("this explainer has no tokenizer: pass token ids instead");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidInputException("empty prompt: nothing to generate from");
        }
        return explain(explainer.tokenizer().encode(prompt).ids(), maxNewTokens, contrast, method);
    }

    /**
     * @param contrast a token id, or null to explain each generated token's logit
     * @throws InvalidInputException for an empty prompt, {@code maxNewTokens < 1}, or a contrast id outside the
     *     vocabulary
     */
    public GenerationAttribution explain(long[] prompt, int maxNewTokens, Long contrast, Method method) {
        if (prompt.length == 0) {
            throw new InvalidInputException("empty prompt: at least one token is needed");
        }
        if (maxNewTokens < 1) {
            throw new InvalidInputException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        long maxPositions = explainer.model().maxPositions();
        if (prompt.length + maxNewTokens - 1 > maxPositions) {
            throw new InvalidInputException("prompt of " + prompt.length + " tokens plus " + maxNewTokens
                    + " new tokens exceeds the model's " + maxPositions + " positions");
        }
        if (contrast != null && method.composite() == Composites.CP_LRP) {
            throw new InvalidInputException("--contrast explains p(token) - p(contrast) through a softmax, and "
                    + method.cliName() + " passes no relevance through softmaxes: use attnlrp or gradient-x-input");
        }
        if (contrast != null) {
            new TargetSelector(explainer.model().vocabSize()).checkVocab(contrast);
        }
        Set<Long> eos = explainer.model().eosTokenIds();
        long[] seq = prompt.clone();
        int steps = 0;
        double[] probs = new double[maxNewTokens];
        double[] entropies = new double[maxNewTokens];
        double[] values = new double[maxNewTokens];
        double[][] rows = new double[maxNewTokens][];
        while (steps < maxNewTokens) {
            double[] p = StepScores.softmax(explainer.nextTokenLogits(seq));
            long next = StepScores.argmax(p);
            Target target = contrast == null ? Target.token(next) : Target.probabilityDifference(next, contrast);
            Explanation e = explainer
                    .explainIds(new long[][] {seq}, null, target, method, false)
                    .get(0);
            FiniteCheck.explanation(e, steps);
            probs[steps] = p[(int) next];
            entropies[steps] = StepScores.entropy(p);
            values[steps] = e.targetValue();
            rows[steps] = e.relevance();
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = next;
            steps++;
            onStep.accept(steps);
            if (eos.contains(next)) {
                break;
            }
        }
        return new GenerationAttribution(
                explainer.display(seq),
                seq,
                prompt.length,
                Arrays.copyOf(rows, steps),
                Arrays.copyOf(probs, steps),
                Arrays.copyOf(entropies, steps),
                Arrays.copyOf(values, steps),
                contrast,
                method);
    }
}
