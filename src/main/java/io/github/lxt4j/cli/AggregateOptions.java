package io.github.lxt4j.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --aggregate tokens|words}: relevance per sub-word token, or summed per word (see viz.WordAggregation). */
final class AggregateOptions {

    @Option(
            names = "--aggregate",
            paramLabel = "tokens|words",
            defaultValue = "tokens",
            description = "Relevance per token, or per word with the sub-word relevances summed (default:"
                    + " ${DEFAULT-VALUE}).")
    String aggregate;

    /** True for {@code words}, false for {@code tokens}. */
    boolean words() {
        switch (aggregate.toLowerCase(Locale.ROOT)) {
            case "words":
                return true;
            case "tokens":
                return false;
            default:
                throw new IllegalArgumentException("--aggregate " + aggregate + ": expected tokens or words");
        }
    }
}
