package io.github.lxt4j.viz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns sub-word tokens into the text they stand for, one string per token, like LXT's {@code clean_tokens}.
 *
 * <p>The result has as many entries as the input, so it lines up with the relevance. Word boundaries become a
 * <em>leading</em> space on the token that starts the word; renderers show it as a gap. Joining the result gives the
 * decoded text. Rules per scheme:
 * <ul>
 *   <li>{@link TokenScheme#SENTENCEPIECE}: {@code ▁} becomes a space; a byte token {@code <0xNN>} becomes its byte,
 *       and consecutive byte tokens are decoded together as UTF-8.</li>
 *   <li>{@link TokenScheme#BYTE_LEVEL}: every character is mapped back to its byte through GPT-2's byte-to-unicode
 *       table ({@code Ġ} is a space, {@code Ċ} a newline) and the bytes are decoded as UTF-8.</li>
 *   <li>{@link TokenScheme#END_OF_WORD}: {@code </w>} is dropped and the token after it gets a leading space; the
 *       characters are mapped back to bytes as for byte-level BPE.</li>
 *   <li>{@link TokenScheme#WORDPIECE}: {@code ##x} becomes {@code x}; every other token but the first gets a leading
 *       space.</li>
 *   <li>{@link TokenScheme#WHITESPACE}: every token but the first gets a leading space.</li>
 * </ul>
 * A UTF-8 character split over several tokens goes to the token holding its first byte; the others become empty.
 * Ill-formed bytes become U+FFFD. Special tokens such as {@code <s>} or {@code [CLS]} are kept as they are.
 */
public final class TokenCleaner {
    static final char SP_SPACE = '\u2581';
    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
    private static final String WORD_END = "</w>";
    private static final int MAX_SHOWN = 8;

    private TokenCleaner() {}

    /**
     * Cleans tokens of the scheme that {@link #detect(String[])} finds.
     *
     * @throws UnknownTokenSchemeException if no scheme can be detected
     */
    public static String[] clean(String[] tokens) {
        return clean(tokens, TokenScheme.AUTO);
    }

    /**
     * Cleans tokens of the given scheme; {@link TokenScheme#AUTO} detects it.
     *
     * @throws UnknownTokenSchemeException if the tokens do not fit {@code scheme} (see
     *     {@link #fits(String[], TokenScheme)}), or if {@code AUTO} detects nothing
     */
    public static String[] clean(String[] tokens, TokenScheme scheme) {
        checkTokens(tokens);
        Objects.requireNonNull(scheme, "scheme");
        TokenScheme resolved = scheme == TokenScheme.AUTO ? detect(tokens) : scheme;
        String misfit = misfit(tokens, resolved);
        if (misfit != null) {
            throw new UnknownTokenSchemeException("Tokens do not fit TokenScheme." + resolved + ": " + misfit
                    + ". Tokens: " + shown(tokens) + ". Pick another scheme, TokenScheme.AUTO, or"
                    + " TokenCleaner.cleanOrPassThrough to keep the tokens unchanged.");
        }
        return switch (resolved) {
            case SENTENCEPIECE -> sentencePiece(tokens);
            case BYTE_LEVEL -> byteLevel(tokens);
            case END_OF_WORD -> endOfWord(tokens);
            case WORDPIECE -> wordPiece(tokens);
            case WHITESPACE -> whitespace(tokens);
            case AUTO -> throw new AssertionError("resolved above");
        };
    }

    /**
     * Like {@link #clean(String[], TokenScheme)}, but returns a copy of the tokens unchanged where that would throw
     * {@link UnknownTokenSchemeException}.
     */
    public static String[] cleanOrPassThrough(String[] tokens, TokenScheme scheme) {
        checkTokens(tokens);
        Objects.requireNonNull(scheme, "scheme");
        Optional<TokenScheme> resolved = scheme == TokenScheme.AUTO ? tryDetect(tokens) : Optional.of(scheme);
        if (resolved.isEmpty() || !fits(tokens, resolved.get())) {
            return tokens.clone();
        }
        return clean(tokens, resolved.get());
    }

    /**
     * The scheme that the tokens' markers reveal, checked in LXT's order: SentencePiece if a token contains
     * {@code ▁} or is a byte token {@code <0xNN>}; byte-level if a token contains one of the 68 shifted characters of
     * GPT-2's table (such as {@code Ġ}, {@code Ċ}) and all characters are in that table; end-of-word BPE if a token
     * ends with {@code </w>}; WordPiece if a token starts
     * with {@code ##} followed by more text. Word-level tokens carry no marker, so {@link TokenScheme#WHITESPACE} is
     * never detected: request it explicitly.
     *
     * @throws UnknownTokenSchemeException if no marker is found
     */
    public static TokenScheme detect(String[] tokens) {
        return tryDetect(tokens)
                .orElseThrow(() -> new UnknownTokenSchemeException(
                        "Cannot detect the tokenization scheme of " + tokens.length + " tokens " + shown(tokens)
                                + ": no token contains '\u2581' or is a byte token like <0x0A> (SentencePiece),"
                                + " contains"
                                + " 'Ġ'/'Ċ' or another byte-level character (GPT-2 byte-level BPE), ends with '</w>'"
                                + " (CLIP),"
                                + " or starts with '##'"
                                + " (WordPiece). For word-level vocabularies pass TokenScheme.WHITESPACE; to keep"
                                + " the tokens"
                                + " unchanged use TokenCleaner.cleanOrPassThrough."));
    }

    /** Like {@link #detect(String[])}, but empty where nothing is detected. */
    public static Optional<TokenScheme> tryDetect(String[] tokens) {
        checkTokens(tokens);
        boolean shifted = false;
        boolean wordPiece = false;
        boolean wordEnd = false;
        for (String t : tokens) {
            if (t.indexOf(SP_SPACE) >= 0 || BYTE_TOKEN.matcher(t).matches()) {
                return Optional.of(TokenScheme.SENTENCEPIECE);
            }
            for (int k = 0; k < t.length(); k++) {
                shifted |= ByteLevelAlphabet.isShifted(t.charAt(k));
            }
            wordPiece |= t.length() > 2 && t.startsWith("##");
            wordEnd |= endsWord(t);
        }
        if (wordEnd) {
            return Optional.of(TokenScheme.END_OF_WORD);
        }
        if (shifted && fits(tokens, TokenScheme.BYTE_LEVEL)) {
            return Optional.of(TokenScheme.BYTE_LEVEL);
        }
        if (wordPiece && fits(tokens, TokenScheme.WORDPIECE)) {
            return Optional.of(TokenScheme.WORDPIECE);
        }
        return Optional.empty();
    }

    /**
     * Whether the tokens fit a scheme: SentencePiece needs at least one {@code ▁} or byte token; byte-level needs
     * every character to be in GPT-2's byte-to-unicode table; end-of-word BPE needs a token ending with
     * {@code </w>}; WordPiece and whitespace tokens must contain neither
     * whitespace nor {@code ▁}. {@link TokenScheme#AUTO} fits when a scheme is detected.
     */
    public static boolean fits(String[] tokens, TokenScheme scheme) {
        checkTokens(tokens);
        if (scheme == TokenScheme.AUTO) {
            return tryDetect(tokens).isPresent();
        }
        return misfit(tokens, scheme) == null;
    }

    /** Why the tokens do not fit {@code scheme}, or null if they do. */
    private static String misfit(String[] tokens, TokenScheme scheme) {
        switch (scheme) {
            case SENTENCEPIECE -> {
                for (String t : tokens) {
                    if (t.indexOf(SP_SPACE) >= 0 || BYTE_TOKEN.matcher(t).matches()) {
                        return null;
                    }
                }
                return "no token contains '\u2581' (U+2581) or is a byte token like <0x0A>";
            }
            case BYTE_LEVEL -> {
                for (int i = 0; i < tokens.length; i++) {
                    String t = tokens[i];
                    for (int k = 0; k < t.length(); k++) {
                        if (ByteLevelAlphabet.byteOf(t.charAt(k)) < 0) {
                            return String.format(
                                    "token %d (\"%s\") contains U+%04X '%c', which is not in GPT-2's"
                                            + " byte-to-unicode table",
                                    i, t, (int) t.charAt(k), t.charAt(k));
                        }
                    }
                }
                return null;
            }
            case END_OF_WORD -> {
                for (String t : tokens) {
                    if (endsWord(t)) {
                        return null;
                    }
                }
                return "no token ends with '" + WORD_END + "'";
            }
            case WORDPIECE, WHITESPACE -> {
                for (int i = 0; i < tokens.length; i++) {
                    String t = tokens[i];
                    for (int k = 0; k < t.length(); k++) {
                        char c = t.charAt(k);
                        if (c == SP_SPACE || Character.isWhitespace(c)) {
                            return String.format(
                                    "token %d (\"%s\") contains %s, which %s tokens never do",
                                    i,
                                    t,
                                    c == SP_SPACE ? "the SentencePiece marker '\u2581'" : "whitespace",
                                    scheme == TokenScheme.WORDPIECE ? "WordPiece" : "whitespace-split");
                        }
                    }
                }
                return null;
            }
            default -> throw new AssertionError(scheme);
        }
    }

    private static String[] sentencePiece(String[] tokens) {
        AttributedUtf8Decoder decoder = new AttributedUtf8Decoder();
        for (int i = 0; i < tokens.length; i++) {
            Matcher m = BYTE_TOKEN.matcher(tokens[i]);
            if (m.matches()) {
                decoder.add(i, Integer.parseInt(m.group(1), 16));
            } else {
                decoder.add(i, tokens[i].replace(SP_SPACE, ' ').getBytes(StandardCharsets.UTF_8));
            }
        }
        return decoder.decode(tokens.length);
    }

    private static String[] byteLevel(String[] tokens) {
        AttributedUtf8Decoder decoder = new AttributedUtf8Decoder();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            for (int k = 0; k < t.length(); k++) {
                decoder.add(i, ByteLevelAlphabet.byteOf(t.charAt(k)));
            }
        }
        return decoder.decode(tokens.length);
    }

    private static String[] endOfWord(String[] tokens) {
        AttributedUtf8Decoder decoder = new AttributedUtf8Decoder();
        boolean wordEnded = false;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            int token = i;
            boolean ends = endsWord(t);
            String body = ends ? t.substring(0, t.length() - WORD_END.length()) : t;
            if (wordEnded) {
                decoder.add(i, ' ');
            }
            body.codePoints().forEach(cp -> {
                int b = Character.isBmpCodePoint(cp) ? ByteLevelAlphabet.byteOf((char) cp) : -1;
                if (b >= 0) {
                    decoder.add(token, b);
                } else {
                    decoder.add(token, Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                }
            });
            wordEnded = ends;
        }
        return decoder.decode(tokens.length);
    }

    private static boolean endsWord(String t) {
        return t.length() > WORD_END.length() && t.endsWith(WORD_END);
    }

    private static String[] wordPiece(String[] tokens) {
        String[] out = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.startsWith("##") && t.length() > 2) {
                out[i] = t.substring(2);
            } else {
                out[i] = i == 0 ? t : " " + t;
            }
        }
        return out;
    }

    private static String[] whitespace(String[] tokens) {
        String[] out = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = i == 0 ? tokens[i] : " " + tokens[i];
        }
        return out;
    }

    private static void checkTokens(String[] tokens) {
        Objects.requireNonNull(tokens, "tokens");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == null) {
                throw new IllegalArgumentException("token " + i + " is null");
            }
        }
    }

    private static String shown(String[] tokens) {
        String[] head = Arrays.copyOf(tokens, Math.min(tokens.length, MAX_SHOWN));
        String s = Arrays.toString(head);
        return tokens.length > MAX_SHOWN ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }
}
