package io.github.lxt4j.explain;

import java.util.Arrays;
import java.util.Objects;

/**
 * A greedy generation with every generated token explained against the prompt and the tokens generated before it:
 * a lower-triangular relevance matrix, one row per generated token.
 *
 * @param tokens         display strings of the prompt and the generated tokens (ids as text without a tokenizer)
 * @param ids            the prompt ids followed by the generated ids
 * @param promptLength   how many of {@code ids} are the prompt
 * @param relevance      row k explains generated token k: {@code promptLength + k} values, one per earlier position
 * @param probabilities  per step: softmax probability of the generated token
 * @param entropies      per step: entropy of the next-token distribution, in nats
 * @param targetValues   per step: the explained value (the token's logit, or p(token) − p(contrast))
 * @param contrast       the contrast token id of every step, or null when each step explains the token's logit
 * @param method         how the relevance was computed
 */
public record GenerationAttribution(
        String[] tokens,
        long[] ids,
        int promptLength,
        double[][] relevance,
        double[] probabilities,
        double[] entropies,
        double[] targetValues,
        Long contrast,
        Method method) {

    public GenerationAttribution {
        Objects.requireNonNull(method, "method");
        int steps = ids.length - promptLength;
        if (promptLength < 1
                || steps < 1
                || tokens.length != ids.length
                || relevance.length != steps
                || probabilities.length != steps
                || entropies.length != steps
                || targetValues.length != steps) {
            throw new IllegalArgumentException("inconsistent generation attribution: " + ids.length + " ids, "
                    + tokens.length + " tokens, prompt " + promptLength + ", " + relevance.length + " rows, "
                    + probabilities.length + "/" + entropies.length + "/" + targetValues.length + " step scores");
        }
        for (int k = 0; k < steps; k++) {
            if (relevance[k].length != promptLength + k) {
                throw new IllegalArgumentException("relevance row " + k + " has " + relevance[k].length
                        + " values, expected " + (promptLength + k) + " (the prompt and the " + k
                        + " tokens generated before it)");
            }
        }
    }

    /** How many tokens were generated (the number of rows). */
    public int steps() {
        return ids.length - promptLength;
    }

    /** The generated ids, in order. */
    public long[] generatedIds() {
        return Arrays.copyOfRange(ids, promptLength, ids.length);
    }

    /** The generated tokens' display strings, in order. */
    public String[] generatedTokens() {
        return Arrays.copyOfRange(tokens, promptLength, tokens.length);
    }

    /** What each row explains, in words: {@code "logit"} or {@code "p(token) - p(contrast)"}. */
    public String objective() {
        return contrast == null ? "logit" : "p(token) - p(contrast)";
    }

    /** Sum of row k's relevance. */
    public double rowTotal(int k) {
        double s = 0;
        for (double r : relevance[k]) {
            s += r;
        }
        return s;
    }
}
