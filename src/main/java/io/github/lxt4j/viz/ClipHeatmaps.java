package io.github.lxt4j.viz;

import io.github.lxt4j.explain.ClipExplanation;
import io.github.lxt4j.explain.GammaGridSearch;
import io.github.lxt4j.io.images.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Image heatmaps of CLIP explanations, drawn with {@link ImageHeatmap}: the pixel relevance summed over channels,
 * divided by its largest magnitude and colored with matplotlib's {@code bwr} on [−1, 1] (blue negative, white zero,
 * red positive), optionally blended over the preprocessed image.
 */
public final class ClipHeatmaps {
    private ClipHeatmaps() {}

    /** The heatmap of image {@code n} at {@code size} × {@code size} pixels (nearest-neighbour upscaling). */
    public static BufferedImage heatmap(ClipExplanation e, int n, int size) {
        return new ImageHeatmap().size(size, size).render(toFloat(e.imageMap(n)));
    }

    /** The heatmap of image {@code n} blended (alpha) over {@code base}, at the base's size. */
    public static BufferedImage overlay(ClipExplanation e, int n, BufferedImage base, double alpha) {
        return new ImageHeatmap().alpha(alpha).overlay(toFloat(e.imageMap(n)), base);
    }

    /**
     * The heatmap of image {@code n} over the full {@code original} image, aligned with the centre crop that
     * {@code preprocessor} cut from it (the part the model saw): grayscale base, bilinear upsampling, the area outside
     * the crop washed out.
     */
    public static BufferedImage overlayOnOriginal(
            ClipExplanation e,
            int n,
            BufferedImage original,
            ImagePreprocessor preprocessor,
            double alpha,
            RelevanceScaling scaling) {
        return new ImageHeatmap()
                .alpha(alpha)
                .scaling(scaling)
                .grayscaleBase(true)
                .interpolation(ImageHeatmap.Interpolation.BILINEAR)
                .overlayOnCrop(
                        toFloat(e.imageMap(n)),
                        original,
                        preprocessor.cropInOriginal(original.getWidth(), original.getHeight()));
    }

    /**
     * The grid image of a gamma search: each cell the heatmap at {@code cellSize} pixels, blended over {@code base}
     * (scaled to the cell) when it is not null; a row per conv γ, a column per linear γ.
     */
    public static BufferedImage gammaGrid(GammaGridSearch.Result result, int cellSize, BufferedImage base) {
        return new HeatmapGrid()
                .compose(HeatmapGrid.gammaGrid(result.convGammas(), result.linearGammas(), (conv, lin) -> {
                    float[][] m = toFloat(result.mapAt(conv, lin));
                    ImageHeatmap h = new ImageHeatmap().size(cellSize, cellSize);
                    return base == null ? h.render(m) : h.overlay(m, base);
                }));
    }

    /** Writes a PNG. */
    public static void write(BufferedImage image, Path file) throws IOException {
        ImageHeatmap.write(image, file);
    }

    static float[][] toFloat(double[][] map) {
        float[][] out = new float[map.length][];
        for (int y = 0; y < map.length; y++) {
            out[y] = new float[map[y].length];
            for (int x = 0; x < map[y].length; x++) {
                out[y][x] = (float) map[y][x];
            }
        }
        return out;
    }
}
