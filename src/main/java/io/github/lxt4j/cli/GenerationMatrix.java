package io.github.lxt4j.cli;

import io.github.lxt4j.explain.GenerationAttribution;
import io.github.lxt4j.viz.RelevanceMatrix;
import io.github.lxt4j.viz.TokenCleaner;
import io.github.lxt4j.viz.TokenScheme;
import io.github.lxt4j.viz.WordAggregation;
import java.util.Arrays;

/** A {@link GenerationAttribution} as the {@link RelevanceMatrix} the renderers draw, per token or per word. */
final class GenerationMatrix {
    private GenerationMatrix() {}

    /** @param words sum the columns' sub-word relevance into words (rows stay one per generated token) */
    static RelevanceMatrix of(GenerationAttribution g, TokenScheme scheme, boolean words) {
        String[] text = TokenCleaner.cleanOrPassThrough(g.tokens(), scheme);
        String[] labels = Arrays.copyOfRange(text, g.promptLength(), text.length);
        for (int k = 0; k < labels.length; k++) {
            labels[k] = labels[k].strip().isEmpty() ? g.generatedTokens()[k] : labels[k].strip();
        }
        if (!words) {
            return new RelevanceMatrix(text, g.promptLength(), labels, g.relevance(), g.probabilities(), g.entropies());
        }
        WordAggregation agg = WordAggregation.of(g.tokens(), scheme);
        double[][] rows = new double[g.steps()][];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = agg.sumPrefix(g.relevance()[k]);
        }
        return new RelevanceMatrix(
                agg.words(), agg.wordsIn(g.promptLength()), labels, rows, g.probabilities(), g.entropies());
    }
}
