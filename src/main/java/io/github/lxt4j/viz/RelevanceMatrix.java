package io.github.lxt4j.viz;

import java.util.Objects;

/**
 * A lower-triangular relevance matrix of a generation: one row per generated token, one column per prompt or
 * generated token. Row k holds the relevance of the first {@code rows[k].length} columns; the columns after it
 * (the token itself and later ones) are not attributed. Step scores stand beside each row.
 *
 * @param columns       the column tokens (prompt, then generated), already cleaned for display
 * @param promptLength  how many columns are the prompt
 * @param rowLabels     one label per row: the generated token it explains
 * @param rows          relevance per row; row k has at most {@code columns.length} values
 * @param probabilities per row: probability of the generated token
 * @param entropies     per row: entropy of the next-token distribution (nats)
 */
public record RelevanceMatrix(
        String[] columns,
        int promptLength,
        String[] rowLabels,
        double[][] rows,
        double[] probabilities,
        double[] entropies) {

    public RelevanceMatrix {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(rows, "rows");
        if (rowLabels.length != rows.length || probabilities.length != rows.length || entropies.length != rows.length) {
            throw new InvalidRelevanceException("Relevance matrix has " + rows.length + " rows but "
                    + rowLabels.length + " labels, " + probabilities.length + " probabilities and "
                    + entropies.length + " entropies; expected one each per row");
        }
        if (promptLength < 0 || promptLength > columns.length) {
            throw new InvalidRelevanceException("prompt length " + promptLength + " is outside 0.." + columns.length);
        }
        for (int k = 0; k < rows.length; k++) {
            if (rows[k].length > columns.length) {
                throw new InvalidRelevanceException("Relevance matrix row " + k + " has " + rows[k].length
                        + " values for " + columns.length + " columns");
            }
            RelevanceNormalizer.maxAbs(rows[k]);
        }
    }

    /** Row k scaled into [-1, 1] by its own max |R| (each generation step is read on its own scale). */
    public double[] normalizedRow(int k) {
        return RelevanceNormalizer.normalize(rows[k]);
    }
}
