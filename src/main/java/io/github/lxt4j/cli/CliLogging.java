package io.github.lxt4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI's slf4j-simple levels. Quiet by default: lxt4j logs at info, everything else at warn, and the libraries
 * whose start-up chatter users did not ask for (DJL's CUDA probe, ND4J's build dump, PDFBox's font warnings) only at
 * error. {@code --verbose} logs everything at info and lxt4j at debug. A level given with {@code -D} wins.
 */
final class CliLogging {
    static final String VERBOSE = "--verbose";
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final List<String> CHATTY =
            List.of("ai.djl", "org.nd4j", "org.bytedeco", "org.apache.pdfbox", "org.apache.fontbox");

    private CliLogging() {}

    /** Whether {@code --verbose} is among the options (before a {@code --} that ends them). */
    static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** The slf4j-simple system properties for the given mode. */
    static Map<String, String> levels(boolean verbose) {
        Map<String, String> levels = new LinkedHashMap<>();
        levels.put(PREFIX + "defaultLogLevel", verbose ? "info" : "warn");
        levels.put(PREFIX + "log.io.github.lxt4j", verbose ? "debug" : "info");
        if (!verbose) {
            for (String logger : CHATTY) {
                levels.put(PREFIX + "log." + logger, "error");
            }
        }
        return levels;
    }

    /** Sets the levels as system properties; call before the first logger is created. */
    static void configure(String[] args) {
        levels(verbose(args)).forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
