package io.github.lxt4j.cli;

import io.github.lxt4j.io.HfTokenizer;

/**
 * A token given on the command line: an id (digits) or a token string as {@link HfTokenizer#singleTokenId} reads it.
 */
final class TokenArgument {
    private TokenArgument() {}

    /**
     * @param option the option's name, for messages
     * @throws IllegalArgumentException for an empty value, or a string when there is no tokenizer
     */
    static long parse(String idOrToken, HfTokenizer tokenizer, String option) {
        if (idOrToken.isEmpty()) {
            throw new IllegalArgumentException(option + " is empty: give a token id or a token of the vocabulary");
        }
        if (idOrToken.chars().allMatch(Character::isDigit) && idOrToken.length() < 19) {
            return Long.parseLong(idOrToken);
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException(option + " '" + idOrToken + "' is not an id, and the model has no"
                    + " tokenizer.json to look the token up in");
        }
        return tokenizer.singleTokenId(idOrToken);
    }
}
