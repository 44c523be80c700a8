package io.github.lxt4j.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --color auto|always|never} and {@code --no-color}: ANSI colours go out on {@code auto} only when stdout is
 * a terminal and the {@code NO_COLOR} environment variable is unset or empty (https://no-color.org).
 */
final class ColorOptions {

    @Option(
            names = "--color",
            paramLabel = "WHEN",
            defaultValue = "auto",
            description = "auto (a terminal without NO_COLOR), always or never (default: ${DEFAULT-VALUE}).")
    String when;

    @Option(names = "--no-color", description = "Plain text instead of ANSI colours (same as --color never).")
    boolean noColor;

    boolean enabled() {
        return decide(when, noColor, System.getenv("NO_COLOR"), terminal());
    }

    /** Whether this process talks to a terminal (not piped or redirected): {@code auto} colours and progress bars. */
    static boolean terminal() {
        return System.console() != null;
    }

    static boolean decide(String when, boolean noColor, String noColorEnv, boolean terminal) {
        if (noColor) {
            return false;
        }
        switch (when.toLowerCase(Locale.ROOT)) {
            case "always":
                return true;
            case "never":
                return false;
            case "auto":
                return terminal && (noColorEnv == null || noColorEnv.isEmpty());
            default:
                throw new IllegalArgumentException("--color " + when + ": expected auto, always or never");
        }
    }
}
