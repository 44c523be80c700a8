package io.github.lxt4j.viz;

/**
 * Token relevance prepared for display, as LXT users tune it: special tokens such as {@code <s>} left out of the
 * scale (they show as zero, white) and the largest magnitudes clipped at a percentile, so that one token cannot wash
 * out the rest. The result lies in [−1, 1] and goes to any token renderer.
 */
public final class DisplayScaling {
    private DisplayScaling() {}

    /**
     * @param skipSpecial   give special tokens ({@link SpecialTokens}) zero and leave them out of the scale
     * @param clipPercentile the share (in percent, [0, 100)) of the largest magnitudes that saturate at ±1
     */
    public static double[] scale(String[] tokens, double[] relevance, boolean skipSpecial, double clipPercentile) {
        if (tokens.length != relevance.length) {
            throw new InvalidRelevanceException("Got " + tokens.length + " tokens but " + relevance.length
                    + " relevance values; they must have the same length");
        }
        int kept = 0;
        for (String t : tokens) {
            kept += skipSpecial && SpecialTokens.is(t) ? 0 : 1;
        }
        double[] values = new double[kept];
        for (int i = 0, k = 0; i < tokens.length; i++) {
            if (!(skipSpecial && SpecialTokens.is(tokens[i]))) {
                values[k++] = relevance[i];
            }
        }
        double[] scaled = new RelevanceScaling(RelevanceScaling.Sign.ALL, clipPercentile).apply(values);
        double[] out = new double[tokens.length];
        for (int i = 0, k = 0; i < tokens.length; i++) {
            if (!(skipSpecial && SpecialTokens.is(tokens[i]))) {
                out[i] = scaled[k++];
            }
        }
        return out;
    }
}
