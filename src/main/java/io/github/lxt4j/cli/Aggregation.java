package io.github.lxt4j.cli;

import java.util.Locale;

/** The {@code --aggregate tokens|words} value. */
final class Aggregation {
    private Aggregation() {
    }

    /** True for {@code words}, false for {@code tokens}. */
    static boolean words(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "words":
                return true;
            case "tokens":
                return false;
            default:
                throw new IllegalArgumentException("--aggregate " + value + ": expected tokens or words");
        }
    }
}
