package io.github.lxt4j.explain;

import io.github.lxt4j.tensor.Tensor;
import java.util.Arrays;

/**
 * LXT's gamma grid search for ViTs: CP-LRP with zennit's Gamma rule for every pair of a conv γ (patch embedding) and
 * a linear γ (MLP linears), one pixel-relevance map each. {@code ClipHeatmaps.gammaGrid} lays
 * them out as one grid image (a row per conv γ, a column per linear γ, each cell labelled {@code conv γ=… / lin γ=…}).
 */
public final class GammaGridSearch {
    private GammaGridSearch() {}

    /**
     * The maps of one search.
     *
     * @param maps {@code maps[c][l]} is the [H][W] pixel relevance (summed over channels) for
     *     {@code convGammas[c]}, {@code linearGammas[l]}
     */
    public record Result(double[] convGammas, double[] linearGammas, int imageRow, int textRow, double[][][][] maps) {

        public double[][] map(int convIndex, int linearIndex) {
            return maps[convIndex][linearIndex];
        }

        /** The map of the gamma pair ({@code conv}, {@code linear}), which must be in the grid. */
        public double[][] mapAt(double conv, double linear) {
            return maps[indexOf(convGammas, conv)][indexOf(linearGammas, linear)];
        }

        private static int indexOf(double[] values, double v) {
            for (int i = 0; i < values.length; i++) {
                if (Double.compare(values[i], v) == 0) {
                    return i;
                }
            }
            throw new IllegalArgumentException("gamma " + v + " not in " + Arrays.toString(values));
        }
    }

    /**
     * Explains {@code similarity[target]} (null: image 0 and its most similar text) once per gamma pair.
     *
     * @param pixels [N, 3, S, S], normalised
     * @param ids INT64 [M, L]
     */
    public static Result search(
            ClipExplainer explainer,
            Tensor pixels,
            Tensor ids,
            long[] target,
            double[] convGammas,
            double[] linearGammas) {
        if (convGammas.length == 0 || linearGammas.length == 0) {
            throw new IllegalArgumentException("a gamma grid needs at least one conv and one linear gamma; got "
                    + Arrays.toString(convGammas) + " and " + Arrays.toString(linearGammas));
        }
        double[][][][] maps = new double[convGammas.length][linearGammas.length][][];
        int[] ij = null;
        for (int c = 0; c < convGammas.length; c++) {
            for (int l = 0; l < linearGammas.length; l++) {
                ClipExplanation e = explainer.explain(
                        pixels,
                        ids,
                        Method.CP_LRP_GAMMA,
                        ClipComposites.cpLrpGamma(convGammas[c], linearGammas[l]),
                        target);
                maps[c][l] = e.imageMap(e.imageRow());
                ij = new int[] {e.imageRow(), e.textRow()};
            }
        }
        return new Result(convGammas.clone(), linearGammas.clone(), ij[0], ij[1], maps);
    }
}
