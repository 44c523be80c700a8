package io.github.lxt4j.cli;

/**
 * The cheap check of a prompt's length before tokenization (docs/io.md): a prompt of more than
 * {@link #MAX_CHARS_PER_TOKEN} characters per position of the model's context cannot fit in it (no tokenizer's
 * tokens average that many characters over a whole prompt), so it is refused without tokenizing it, which for a
 * prompt of megabytes costs seconds and gigabytes. Prompts under the bound are tokenized and checked exactly.
 */
final class PromptLength {
    /** Characters per context position above which a prompt is refused before tokenization. */
    static final long MAX_CHARS_PER_TOKEN = 64;

    private PromptLength() {}

    /** Null when {@code text} may fit {@code maxTokens} tokens, else why it cannot. */
    static String tooLong(String text, long maxTokens) {
        long limit =
                maxTokens > Long.MAX_VALUE / MAX_CHARS_PER_TOKEN ? Long.MAX_VALUE : maxTokens * MAX_CHARS_PER_TOKEN;
        if (text.length() <= limit) {
            return null;
        }
        return "the prompt is " + text.length() + " characters, more than " + MAX_CHARS_PER_TOKEN
                + " per position of the model's context of " + maxTokens + " tokens (" + limit + "), so it cannot fit;"
                + " it was refused before tokenization";
    }
}
