package io.github.lxt4j.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups sub-word tokens into words and sums their relevance (Inseq's subword aggregation, Captum's feature mask).
 * Word boundaries come from {@link TokenCleaner}, so every {@link TokenScheme} works: a token starts a new word when
 * its cleaned text starts with whitespace (SentencePiece {@code ▁}, byte-level {@code Ġ}/{@code Ċ}, the token after
 * {@code </w>}, a WordPiece token without {@code ##}, every whitespace token), and a special token such as
 * {@code <s>} or {@code [CLS]} is always a word of its own. Whitespace-only tokens (a newline) end the word before
 * them, so the next token starts a new one. Relevance is conserved: the words' relevance sums to the
 * tokens'.
 *
 * @param words  the display text of each word: its cleaned tokens joined (with the first one's leading space)
 * @param wordOf for each token, the index of its word
 */
public record WordAggregation(String[] words, int[] wordOf) {

    /**
     * The words of {@code tokens} as the tokenizer writes them.
     *
     * @param scheme the tokenizer's scheme; tokens that carry none of its markers (a short text) are taken as they are
     * @throws UnknownTokenSchemeException if {@code scheme} is {@code AUTO} and no scheme is detected: without one
     *     there are no word boundaries
     */
    public static WordAggregation of(String[] tokens, TokenScheme scheme) {
        String[] cleaned = scheme == TokenScheme.AUTO
                ? TokenCleaner.clean(tokens, scheme)
                : TokenCleaner.cleanOrPassThrough(tokens, scheme);
        int[] wordOf = new int[tokens.length];
        List<StringBuilder> words = new ArrayList<>();
        boolean previousSpecial = false;
        boolean previousEndsSpace = false;
        for (int i = 0; i < tokens.length; i++) {
            boolean special = SpecialTokens.is(tokens[i]);
            String text = cleaned[i];
            boolean blank = text.isBlank();
            boolean starts = words.isEmpty()
                    || special
                    || previousSpecial
                    || previousEndsSpace
                    || (!blank && Character.isWhitespace(text.charAt(0)));
            if (starts) {
                words.add(new StringBuilder());
            }
            words.get(words.size() - 1).append(text);
            wordOf[i] = words.size() - 1;
            previousSpecial = special;
            previousEndsSpace = !text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1));
        }
        return new WordAggregation(words.stream().map(StringBuilder::toString).toArray(String[]::new), wordOf);
    }

    /** The relevance of each word: the sum over its tokens. */
    public double[] sum(double[] tokenRelevance) {
        if (tokenRelevance.length != wordOf.length) {
            throw new InvalidRelevanceException("Got " + tokenRelevance.length + " relevance values for "
                    + wordOf.length + " tokens; word aggregation needs one per token");
        }
        return sumPrefix(tokenRelevance);
    }

    /**
     * The relevance of the words touched by the first {@code prefix.length} tokens (a row of a generation matrix): a
     * word cut by the end of the prefix gets the sum of its tokens inside it.
     */
    public double[] sumPrefix(double[] prefix) {
        if (prefix.length > wordOf.length) {
            throw new InvalidRelevanceException(
                    "Got " + prefix.length + " relevance values for " + wordOf.length + " tokens");
        }
        double[] out = new double[prefix.length == 0 ? 0 : wordOf[prefix.length - 1] + 1];
        for (int i = 0; i < prefix.length; i++) {
            out[wordOf[i]] += prefix[i];
        }
        return out;
    }

    /** How many of the words the first {@code tokens} tokens start. */
    public int wordsIn(int tokens) {
        return tokens == 0 ? 0 : wordOf[tokens - 1] + 1;
    }

    @Override
    public String toString() {
        return "WordAggregation" + Arrays.toString(words);
    }
}
