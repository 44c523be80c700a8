package io.github.lxt4j.explain;

import io.github.lxt4j.io.HfTokenizer;
import java.util.List;

/**
 * The checks and encoding that the text explainers share before they pad a batch of sequences of different lengths;
 * {@code noun} ("text", "prompt") names one input in the messages.
 */
final class RaggedBatch {
    private RaggedBatch() {}

    /** The ids of each of {@code texts}; a typed error for an empty list or a blank text, or without a tokenizer. */
    static long[][] encode(HfTokenizer tokenizer, List<String> texts, String noun) {
        if (tokenizer == null) {
            throw new IllegalStateException("this explainer has no tokenizer: pass token ids instead");
        }
        if (texts.isEmpty()) {
            throw new InvalidInputException("no " + noun + "s to explain");
        }
        long[][] encoded = new long[texts.size()][];
        for (int i = 0; i < encoded.length; i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw new InvalidInputException(noun + " " + i + " is empty: nothing to explain");
            }
            encoded[i] = tokenizer.encode(texts.get(i)).ids();
        }
        return encoded;
    }

    /** The length of the longest of {@code encoded}; a typed error for an empty batch or an empty sequence. */
    static int longest(long[][] encoded, String noun) {
        if (encoded.length == 0) {
            throw new InvalidInputException("no " + noun + "s to explain");
        }
        int len = 0;
        for (int i = 0; i < encoded.length; i++) {
            if (encoded[i].length == 0) {
                throw new InvalidInputException("sequence " + i + " is empty: at least one token is needed");
            }
            len = Math.max(len, encoded[i].length);
        }
        return len;
    }
}
