package io.github.lxt4j.viz;

import java.util.Objects;

/** Validation shared by the token heatmaps. */
final class TokenInputs {
    private TokenInputs() {}

    /** Checks the tokens and relevance and returns the relevance normalised to [-1, 1]. */
    static double[] normalized(String[] tokens, double[] relevance) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(relevance, "relevance");
        if (tokens.length != relevance.length) {
            throw new InvalidRelevanceException("Got " + tokens.length + " tokens but " + relevance.length
                    + " relevance values; they must have the same length");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == null) {
                throw new IllegalArgumentException("token " + i + " is null");
            }
        }
        return RelevanceNormalizer.normalize(relevance);
    }
}
