package io.github.lxt4j.models.openclip;

import io.github.lxt4j.explain.Method;
import io.github.lxt4j.tensor.Tensor;
import io.github.lxt4j.viz.HeatmapGrid;
import io.github.lxt4j.viz.ImageHeatmap;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * LXT's gamma grid search for ViTs: CP-LRP with zennit's Gamma rule for every pair of a conv γ (patch embedding) and
 * a linear γ (MLP linears), one heatmap each, laid out as one grid image (a row per conv γ, a column per linear γ,
 * each cell labelled {@code conv γ=… / lin γ=…}).
 */
public final class GammaGridSearch {
    private GammaGridSearch() {
    }

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

        /**
         * The grid image: each cell the heatmap at {@code cellSize} pixels, blended over {@code base} (scaled to the
         * cell) when it is not null.
         */
        public BufferedImage render(int cellSize, BufferedImage base) {
            return new HeatmapGrid().compose(HeatmapGrid.gammaGrid(convGammas, linearGammas, (conv, lin) -> {
                double[][] m = maps[indexOf(convGammas, conv)][indexOf(linearGammas, lin)];
                ImageHeatmap h = new ImageHeatmap().size(cellSize, cellSize);
                return base == null ? h.render(ClipHeatmaps.toFloat(m)) : h.overlay(ClipHeatmaps.toFloat(m), base);
            }));
        }

        private static int indexOf(double[] values, double v) {
            for (int i = 0; i < values.length; i++) {
                if (Double.compare(values[i], v) == 0) {
                    return i;
                }
            }
            throw new IllegalStateException("gamma " + v + " not in " + Arrays.toString(values));
        }
    }

    /**
     * Explains {@code similarity[target]} (null: image 0 and its most similar text) once per gamma pair.
     *
     * @param pixels [N, 3, S, S], normalised
     * @param ids INT64 [M, L]
     */
    public static Result search(ClipModel model, Tensor pixels, Tensor ids, long[] target, double[] convGammas,
            double[] linearGammas) {
        if (convGammas.length == 0 || linearGammas.length == 0) {
            throw new IllegalArgumentException("a gamma grid needs at least one conv and one linear gamma; got "
                    + Arrays.toString(convGammas) + " and " + Arrays.toString(linearGammas));
        }
        double[][][][] maps = new double[convGammas.length][linearGammas.length][][];
        int[] ij = null;
        for (int c = 0; c < convGammas.length; c++) {
            for (int l = 0; l < linearGammas.length; l++) {
                ClipExplanation e = model.explain(pixels, ids, Method.CP_LRP_GAMMA,
                        ClipComposites.cpLrpGamma(convGammas[c], linearGammas[l]), target);
                maps[c][l] = e.imageMap(e.imageRow());
                ij = new int[] {e.imageRow(), e.textRow()};
            }
        }
        return new Result(convGammas.clone(), linearGammas.clone(), ij[0], ij[1], maps);
    }
}
