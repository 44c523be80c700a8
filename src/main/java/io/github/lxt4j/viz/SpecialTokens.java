package io.github.lxt4j.viz;

import java.util.regex.Pattern;

/**
 * Recognises special tokens by their spelling: {@code <s>}, {@code </s>}, {@code <|endoftext|>}, {@code <pad>},
 * {@code [CLS]}, {@code [SEP]}; SentencePiece byte tokens such as {@code <0x0A>} are text, not special.
 */
public final class SpecialTokens {
    private static final Pattern SPECIAL = Pattern.compile("<[^<>\\s]+>|\\[[A-Z_]+\\]");
    private static final Pattern BYTE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    private SpecialTokens() {}

    /** Whether {@code token} (as the tokenizer spells it, or cleaned) is a special token. */
    public static boolean is(String token) {
        String t = token.strip();
        return SPECIAL.matcher(t).matches() && !BYTE.matcher(t).matches();
    }
}
