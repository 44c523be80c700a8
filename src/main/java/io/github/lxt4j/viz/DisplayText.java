package io.github.lxt4j.viz;

/** Turns token text into something every renderer (and the CLI's own terminal lines) can show. */
public final class DisplayText {
    static final char REPLACEMENT = '\uFFFD';
    static final String NEWLINE_MARK = "\u21B5";
    static final String TAB = "    ";

    private DisplayText() {}

    /**
     * Keeps {@code \n}, expands {@code \t} to four spaces, turns {@code \r\n} and lone {@code \r} into {@code \n}, and
     * replaces every other control character (C0, DEL, C1), bidirectional formatting character (U+202A..U+202E,
     * U+2066..U+2069, U+200E, U+200F, U+061C), lone surrogate and non-character with U+FFFD, so that no token can
     * inject terminal escapes, reorder the text after it or produce invalid XML.
     */
    public static String sanitize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                out.append('\n');
            } else if (c == '\r') {
                if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (c == '\t') {
                out.append(TAB);
            } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\uFFFE' || c == '\uFFFF' || isBidi(c)) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text of a single terminal line: {@link #sanitize}d, with line breaks shown as spaces. */
    public static String line(String s) {
        return sanitize(s).replace('\n', ' ');
    }

    /** Bidirectional embeddings, overrides, isolates and marks, which reorder the text around them. */
    static boolean isBidi(char c) {
        return (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C';
    }

    /** Number of leading space characters. */
    static int leadingSpaces(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == ' ') {
            k++;
        }
        return k;
    }

    /** Whether {@code s} is non-empty and holds only spaces and line breaks. */
    static boolean isBlank(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c == ' ' || c == '\n');
    }
}
