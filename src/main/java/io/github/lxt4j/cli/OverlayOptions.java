package io.github.lxt4j.cli;

import io.github.lxt4j.viz.RelevanceScaling;
import picocli.CommandLine.Option;

/**
 * {@code --alpha}, {@code --sign}, {@code --outlier-perc}: how an image heatmap is drawn over its image (as Captum).
 */
final class OverlayOptions {

    @Option(
            names = "--alpha",
            paramLabel = "A",
            defaultValue = "0.6",
            description = "CLIP: heatmap opacity over the grayscale image, 0..1 (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(
            names = "--sign",
            paramLabel = "all|positive|absolute",
            defaultValue = "all",
            description = "CLIP: which relevance to draw (default: ${DEFAULT-VALUE}).")
    String sign;

    @Option(
            names = "--outlier-perc",
            paramLabel = "P",
            defaultValue = "0",
            description = "CLIP: the top P%% of |R| saturate instead of setting the scale (default: ${DEFAULT-VALUE}).")
    double outlierPerc;

    /** Refuses values out of range before anything is loaded or written, naming the option. */
    void check() {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha " + alpha + " must be in [0, 1]");
        }
        if (!(outlierPerc >= 0 && outlierPerc < 100)) {
            throw new IllegalArgumentException("--outlier-perc " + outlierPerc + " must be in [0, 100)");
        }
        RelevanceScaling.Sign.parse(sign);
    }

    RelevanceScaling scaling() {
        return new RelevanceScaling(RelevanceScaling.Sign.parse(sign), outlierPerc);
    }
}
