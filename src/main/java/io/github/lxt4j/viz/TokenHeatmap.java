package io.github.lxt4j.viz;

/**
 * A renderer of per-token relevance. Implementations normalise the relevance by its maximum absolute value and
 * color it with {@link Colormap#BWR}. Tokens are drawn as given: clean sub-word markers first with
 * {@link TokenCleaner}. A leading space on a token is drawn as an uncolored gap before its colored box, unless the
 * token is all whitespace, in which case its whitespace is colored.
 *
 * @param <T> what a rendering produces: text, an image or bytes
 */
public interface TokenHeatmap<T> {
    /**
     * Renders the tokens, one relevance each.
     *
     * @throws InvalidRelevanceException if the lengths differ (naming both) or a relevance is NaN or infinite
     */
    T render(String[] tokens, double[] relevance);

    /** {@link #render(String[], double[])} for float relevance. */
    default T render(String[] tokens, float[] relevance) {
        return render(tokens, RelevanceNormalizer.toDouble(relevance));
    }
}
