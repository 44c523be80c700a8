package io.github.lxt4j.cli;

import io.github.lxt4j.viz.DisplayScaling;
import picocli.CommandLine.Option;

/**
 * {@code --skip-special}, {@code --clip-percentile}: how token heatmaps are scaled for display (viz.DisplayScaling).
 */
final class ScaleOptions {

    @Option(names = "--skip-special", description = "Leave special tokens such as <s> out of the colour scale.")
    boolean skipSpecial;

    @Option(
            names = "--clip-percentile",
            paramLabel = "P",
            defaultValue = "0",
            description = "Saturate the top P%% of |R| instead of scaling by the largest (default: ${DEFAULT-VALUE}).")
    double clipPercentile;

    /** Refuses a --clip-percentile out of range before anything is loaded or written, naming the option. */
    void check() {
        if (!(clipPercentile >= 0 && clipPercentile < 100)) {
            throw new IllegalArgumentException("--clip-percentile " + clipPercentile + " must be in [0, 100)");
        }
    }

    /** The relevance as the heatmaps show it: unchanged (raw values in tooltips) unless an option is given. */
    double[] apply(String[] tokens, double[] relevance) {
        if (!skipSpecial && clipPercentile == 0) {
            return relevance;
        }
        return DisplayScaling.scale(tokens, relevance, skipSpecial, clipPercentile);
    }
}
