package io.github.lxt4j.io;

import java.util.Arrays;

/**
 * A tokenized text: one id and one token string per position, special tokens included.
 *
 * @param ids    the token ids
 * @param tokens the token strings as the vocabulary spells them (e.g. with SentencePiece's {@code ▁})
 */
public record Encoding(long[] ids, String[] tokens) {
    public Encoding {
        if (ids.length != tokens.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + tokens.length + " tokens");
        }
        ids = ids.clone();
        tokens = tokens.clone();
    }

    @Override
    public long[] ids() {
        return ids.clone();
    }

    @Override
    public String[] tokens() {
        return tokens.clone();
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(tokens, e.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(tokens) + Arrays.toString(ids);
    }
}
